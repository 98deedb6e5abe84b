using Alliance.Governance.OpenSource.Projects;
using Dapper;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>Names of the members a command mentions (sponsor, affiliations), for those in good standing only.</summary>
public static class OssMembers
{
    public static async Task<OssProjectDecisions.MemberName> Names(NpgsqlConnection db, IEnumerable<Guid?> ids)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToArray();
        if (wanted.Length == 0) return _ => null;
        var names = (await db.QueryAsync<(Guid Id, string Name)>("""
            select e.member_id, e.name from electorate e left join member_status s on s.member_id = e.member_id
            where e.member_id = any(@wanted) and coalesce(s.status, e.status) = 'admitted'
            """, new { wanted })).ToDictionary(x => x.Id, x => x.Name);
        return id => names.GetValueOrDefault(id);
    }
}
