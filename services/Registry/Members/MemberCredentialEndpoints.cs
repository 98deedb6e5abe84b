using Alliance.Hosting;
using Alliance.Registry.Tokens;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>
/// /members/{id}/credentials: a member's credentials (OAuth clients), issued by the secretariat or by the member's own admin,
/// the secret shown once; revoked the same way. The client_credentials row is written in the transaction of the event.
/// </summary>
public static class MemberCredentialEndpoints
{
    public static void Map(RouteGroupBuilder members)
    {
        members.MapPost("/{id:guid}/credentials", async (Guid id, IssueRequest body, SecretHasher hasher, TimeProvider clock, HttpContext http) =>
        {
            var (clientId, secret) = (ClientCredentials.NewClientId("m"), ClientCredentials.NewSecret());
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", (m, session) =>
            {
                var issued = MemberDecisions.IssueCredential(m, Actor.Of(http.User), body, clientId, clock.GetUtcNow());
                ClientCredentials.QueueIssued(session, clientId, id, issued.Role, issued.Label, hasher.Hash(secret));
                return Task.FromResult<object[]>([issued]);
            });
            var role = ((MemberCredentialIssued)events[0]).Role;
            return TypedResults.Created($"{http.Request.PathBase}/members/{id}/credentials/{clientId}", new Issued(clientId, secret, role, id));
        })
        .RequireAuthorization()
        // Cache-Control: no-store, and a repeat with the same Idempotency-Key gets 409 "already applied" + Location, never the secret.
        .ReturnsSecret()
        .WithSummary("Issue a credential; the secret is shown only in this response");

        members.MapDelete("/{id:guid}/credentials/{clientId}", async (Guid id, string clientId, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<Member>(http, id, "Member", (m, session) =>
            {
                var revoked = MemberDecisions.RevokeCredential(m, Actor.Of(http.User), clientId, clock.GetUtcNow());
                ClientCredentials.QueueRevoked(session, clientId);
                return Task.FromResult<object[]>([revoked]);
            });
            return TypedResults.NoContent();
        })
        .RequireAuthorization()
        .WithSummary("Revoke a credential: no new token, and open tokens are refused");

        members.MapGet("/{id:guid}/credentials", async (Guid id, NpgsqlDataSource db, HttpContext http) =>
        {
            MemberDecisions.MayManageCredentials(Actor.Of(http.User), id);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = await connection.QueryAsync<CredentialView>("""
                select client_id as ClientId, role, label, issued_at as IssuedAt, revoked_at as RevokedAt
                from client_credentials where member_id = @id order by issued_at, client_id
                """, new { id });
            return TypedResults.Ok(rows.ToList());
        })
        .RequireAuthorization()
        .WithSummary("The member's credentials, without secrets");
    }
}
