using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Vendors;

/// <summary>GET /vendors: members that may own products, with an optional name search.</summary>
public static class ListVendors
{
    public sealed record Vendor(Guid MemberId, string Name, string Kind, string Country, string Tier, string Status, DateTime AdmittedAt);

    public static RouteGroupBuilder MapVendors(this RouteGroupBuilder vendors)
    {
        vendors.MapGet("/", async (NpgsqlDataSource db, string? q, Guid? member, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = "where status = 'admitted' and admitted_at is not null and (@q::text is null or name ilike '%' || @q || '%') and (@member::uuid is null or member_id = @member)";
            var args = new { q, member, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from vendors {where}", args);
            var items = await connection.QueryAsync<Vendor>($"""
                select member_id as MemberId, name, kind, country, tier, status, admitted_at as AdmittedAt
                from vendors {where} order by name, member_id limit @Limit offset @Offset
                """, args);
            return TypedResults.Ok(paging.Of(items.ToList(), total));
        }).WithSummary("Vendors: members that may own products");
        return vendors;
    }
}
