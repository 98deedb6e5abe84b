using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>GET /connect/lockouts (secretariat): every client id locked out at the token endpoint, newest first, kept 90 days.</summary>
public static class ListLockouts
{
    public sealed record Lockout(string ClientId, Guid? MemberId, DateTime LockedAt, DateTime LockedUntil, int Failures, string[] Addresses,
        DateTime? LiftedAt, string? LiftedBy, bool Active);

    // Dapper maps positional records by exact CLR type, and a text[] arrives as System.Array: read it as one string.
    private sealed record Row(string ClientId, Guid? MemberId, DateTime LockedAt, DateTime LockedUntil, int Failures, string Addresses,
        DateTime? LiftedAt, string? LiftedBy, bool Active);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/connect/lockouts", async (string? clientId, int? page, int? pageSize, bool? active, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var paging = Paging.From(page, pageSize);
            var filter = new { clientId, now = clock.GetUtcNow(), activeOnly = active ?? false, paging.Limit, paging.Offset };
            const string Where = """
                where (@clientId::text is null or client_id = @clientId)
                  and (not @activeOnly or (locked_until > @now and lifted_at is null))
                """;
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = await connection.QueryAsync<Row>($"""
                select client_id as ClientId, member_id as MemberId, locked_at as LockedAt, locked_until as LockedUntil, failures,
                       array_to_string(addresses, ' ') as Addresses, lifted_at as LiftedAt, lifted_by as LiftedBy, (locked_until > @now and lifted_at is null) as Active
                from client_lockouts {Where} order by locked_at desc, id desc limit @Limit offset @Offset
                """, filter);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from client_lockouts {Where}", filter);
            var items = rows.Select(r => new Lockout(r.ClientId, r.MemberId, r.LockedAt, r.LockedUntil, r.Failures,
                r.Addresses.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.LiftedAt, r.LiftedBy, r.Active)).ToList();
            return TypedResults.Ok(paging.Of(items, total));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithTags("Tokens")
        .WithSummary("Lockouts at the token endpoint after repeated wrong secrets (secretariat)");
}
