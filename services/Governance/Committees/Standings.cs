using Dapper;
using Npgsql;

namespace Alliance.Governance.Committees;

/// <summary>What Governance knows of members, from Registry's messages: name and tier (electorate), standing (member_status).</summary>
public static class Standings
{
    public static async Task<CommitteeDecisions.Standing?> Of(NpgsqlConnection db, Guid memberId) =>
        await db.QuerySingleOrDefaultAsync<CommitteeDecisions.Standing>("""
            select e.member_id as MemberId, e.name, e.tier, coalesce(s.status, e.status) as status
            from electorate e left join member_status s on s.member_id = e.member_id where e.member_id = @memberId
            """, new { memberId });

    public static async Task<HashSet<Guid>> InGoodStanding(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await NamesInGoodStanding(db, members)).Keys.ToHashSet();

    /// <summary>Those of these members who may vote on a ballot opened now: in good standing and not of the observer tier.</summary>
    public static async Task<HashSet<Guid>> MayVote(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await db.QueryAsync<Guid>("""
            select e.member_id from electorate e left join member_status s on s.member_id = e.member_id
            where e.member_id = any(@ids) and coalesce(s.status, e.status) = 'admitted' and e.may_vote
            """, new { ids = members.Distinct().ToArray() })).ToHashSet();

    /// <summary>The names of those of these members who are in good standing (admitted and not suspended).</summary>
    public static async Task<Dictionary<Guid, string>> NamesInGoodStanding(NpgsqlConnection db, IEnumerable<Guid> members) =>
        (await db.QueryAsync<(Guid Id, string Name)>("""
            select e.member_id, e.name from electorate e left join member_status s on s.member_id = e.member_id
            where e.member_id = any(@ids) and coalesce(s.status, e.status) = 'admitted'
            """, new { ids = members.Distinct().ToArray() })).ToDictionary(x => x.Id, x => x.Name);
}
