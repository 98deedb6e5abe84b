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
        electorate.MapGet("/", async (NpgsqlDataSource db, bool? mayVote, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = "where (@mayVote::boolean is null or may_vote = @mayVote)";
            var args = new { mayVote, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from electorate {where}", args);
            var items = await connection.QueryAsync<Elector>($"""
                select member_id as MemberId, name, kind, country, tier, status, may_vote as MayVote, admitted_at as AdmittedAt
                from electorate {where} order by name, member_id limit @Limit offset @Offset
                """, args);
            return TypedResults.Ok(paging.Of(items.ToList(), total));
        }).WithSummary("Admitted members and whether they may vote");
        return electorate;
    }
}
