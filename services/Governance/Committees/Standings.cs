using Dapper;
using Npgsql;

namespace Alliance.Governance.Committees;

/// <summary>What Governance knows of members, from Registry's messages: name, tier and standing (the electorate); a row whose
/// admission has not arrived yet (admitted_at null) is not a member here.</summary>
public static class Standings
{
    public static async Task<CommitteeDecisions.Standing?> Of(NpgsqlConnection db, Guid memberId) =>
        await db.QuerySingleOrDefaultAsync<CommitteeDecisions.Standing>("""
            select member_id as MemberId, name, tier, status from electorate where member_id = @memberId and admitted_at is not null
            """, new { memberId });

    public static async Task<HashSet<Guid>> InGoodStanding(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await NamesInGoodStanding(db, members)).Keys.ToHashSet();

    /// <summary>Those of these members who may vote on a ballot opened now: in good standing and not of the observer tier.</summary>
    public static async Task<HashSet<Guid>> MayVote(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await db.QueryAsync<Guid>("""
            select member_id from electorate
            where member_id = any(@ids) and admitted_at is not null and status = 'admitted' and may_vote
            """, new { ids = members.Distinct().ToArray() })).ToHashSet();

    /// <summary>The names of those of these members who are in good standing (admitted and not suspended).</summary>
    public static async Task<Dictionary<Guid, string>> NamesInGoodStanding(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await db.QueryAsync<(Guid Id, string Name)>("""
            select member_id, name from electorate
            where member_id = any(@ids) and admitted_at is not null and status = 'admitted'
            """, new { ids = members.Distinct().ToArray() })).ToDictionary(x => x.Id, x => x.Name);
}
