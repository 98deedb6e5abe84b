using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>GET /members: the directory, filtered by status, kind, tier, country and q (current English or Chinese name, or a former name), paged in a stable order.</summary>
public static class ListMembers
{

    public static void Map(RouteGroupBuilder members) =>
        members.MapGet("/", async (NpgsqlDataSource db, PersonalData personal, HttpContext http, string? status, string? kind, string? tier, string? country, string? q,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@status::text is null or status = @status) and (@kind::text is null or kind = @kind)
                  and (@tier::text is null or tier = @tier) and (@country::text is null or country = @country)
                  and (@q::text is null or name ilike '%' || @q || '%' or name_zh ilike '%' || @q || '%'
                       or exists (select 1 from unnest(former_names) f where f ilike '%' || @q || '%'))
                """;
            var args = new { status, kind, tier, country, q, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from member_directory {where}", args);
            var items = await connection.QueryAsync<GetMember.MemberRow>(
                $"select {GetMember.Columns} from member_directory {where} order by applied_at, member_id limit @Limit offset @Offset", args);
            var actor = Actor.Of(http.User);
            return TypedResults.Ok(paging.Of(await GetMember.Opened(personal, items.Select(m => m.View.For(actor)), ct), total));
        })
        .WithSummary("The member directory");
}
