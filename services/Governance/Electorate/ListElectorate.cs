using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Governance.Electorate;

/// <summary>GET /electorate: admitted members and whether each may hold a voting seat.</summary>
public static class ListElectorate
{
    public sealed record Elector(Guid MemberId, string Name, string Kind, string Country, string Tier, string Status, bool MayVote, DateTime AdmittedAt);

    public static RouteGroupBuilder MapElectorate(this RouteGroupBuilder electorate)
    {
        electorate.MapGet("/", async (NpgsqlDataSource db, bool? mayVote, Guid? member, string? q, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            // Standing and tier are the electorate's own (ElectorateConsumer); a row whose admission has not arrived is not listed.
            const string where = """
                where e.admitted_at is not null and (@mayVote::boolean is null or (e.may_vote and e.status = 'admitted') = @mayVote)
                  and (@member::uuid is null or e.member_id = @member) and (@q::text is null or e.name ilike '%' || @q || '%')
                """;
            const string from = "from electorate e";
            var args = new { mayVote, member, q, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) {from} {where}", args);
            var items = await connection.QueryAsync<Elector>($"""
                select e.member_id as MemberId, e.name, e.kind, e.country, e.tier, e.status as Status,
                       e.may_vote and e.status = 'admitted' as MayVote, e.admitted_at as AdmittedAt
                {from} {where} order by e.name, e.member_id limit @Limit offset @Offset
                """, args);
            return TypedResults.Ok(paging.Of(items.ToList(), total));
        }).WithSummary("Admitted members and whether they may vote");
        return electorate;
    }
}
