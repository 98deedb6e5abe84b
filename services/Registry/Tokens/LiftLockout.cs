using Alliance.Hosting;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// DELETE /connect/lockouts/{clientId} (secretariat): ends a client's lockout early, for a member locked out
/// by someone else's guessing; the record stays, naming who lifted it and when.
/// </summary>
public static class LiftLockout
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/connect/lockouts/{clientId}", async (string clientId, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var cmd = db.CreateCommand("""
                update client_lockouts set lifted_at = $2, lifted_by = $3 where client_id = $1 and locked_until > $2 and lifted_at is null
                """);
            cmd.Parameters.Add(new() { Value = clientId });
            cmd.Parameters.Add(new() { Value = clock.GetUtcNow() });
            cmd.Parameters.Add(new() { Value = Actor.Of(http.User).ClientId ?? "secretariat" });
            return await cmd.ExecuteNonQueryAsync(http.RequestAborted) > 0
                ? Results.NoContent()
                : throw new NotFound($"Active lockout of client {clientId}");
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithTags("Tokens")
        .WithSummary("Lift a client's lockout (secretariat)");
}
