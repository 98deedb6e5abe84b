using Alliance.Governance.Committees;
using Alliance.Governance.OpenSource.Projects;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>Names of the members a command mentions (sponsor, affiliations), for those in good standing only.</summary>
public static class OssMembers
{
    public static async Task<OssProjectDecisions.MemberName> Names(NpgsqlConnection db, IEnumerable<Guid?> ids)
    {
        var wanted = ids.OfType<Guid>().ToArray();
        if (wanted.Length == 0) return _ => null;
        var names = await Standings.NamesInGoodStanding(db, wanted);
        return id => names.GetValueOrDefault(id);
    }
}
