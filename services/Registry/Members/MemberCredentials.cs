using Alliance.Hosting;
using Alliance.Registry.Tokens;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>
/// A member's credentials (OAuth clients): issued by the secretariat or by the member's own admin, the
/// secret shown once; revoked the same way. Reviewer credentials come from the secretariat only.
/// </summary>
public static class MemberCredentials
{
    public sealed record IssueRequest(string? Role, string? Label);

    public sealed record Issued(string ClientId, string ClientSecret, string Role, Guid MemberId);

    public sealed record CredentialView(string ClientId, string Role, string? Label, DateTime IssuedAt, DateTime? RevokedAt);

    private static readonly string[] AdminMayIssue = [Roles.Member, Roles.MemberAdmin];
    private static readonly string[] SecretariatMayIssue = [Roles.Member, Roles.MemberAdmin, Roles.Reviewer];

    public static MemberCredentialIssued Decide(Member member, Actor actor, IssueRequest request, string clientId, DateTimeOffset now)
    {
        MayManage(actor, member.Id);
        var v = new Validation();
        v.OneOf("role", request.Role, actor.IsSecretariat ? SecretariatMayIssue : AdminMayIssue);
        if (request.Label is { Length: > 100 }) v.Add("label", "'label' must be at most 100 characters.");
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Admitted)
            throw new DomainRuleViolated("credentials-require-admitted-member",
                $"Credentials are issued only to admitted members; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberCredentialIssued(member.Id, clientId, request.Role!, request.Label?.Trim(), now);
    }

    public static MemberCredentialRevoked Revoke(Member member, Actor actor, string clientId, DateTimeOffset now)
    {
        MayManage(actor, member.Id);
        return member.ActiveClientIds.Contains(clientId)
            ? new MemberCredentialRevoked(member.Id, clientId, now)
            : throw new NotFound($"Active credential {clientId} of member {member.Id}");
    }

    private static void MayManage(Actor actor, Guid memberId)
    {
        if (actor.IsSecretariat || actor.IsMemberAdmin && actor.ActsFor(memberId)) return;
        throw new Forbidden("Only the secretariat or this member's admin manages its credentials.");
    }

    public static void Map(RouteGroupBuilder members)
    {
        members.MapPost("/{id:guid}/credentials", async (Guid id, IssueRequest body, IDocumentSession session, SecretHasher hasher, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            var (clientId, secret) = (ClientCredentials.NewClientId("m"), ClientCredentials.NewSecret());
            var issued = Decide(member, Actor.Of(http.User), body, clientId, clock.GetUtcNow());
            session.QueueSqlCommand("insert into client_credentials (client_id, member_id, role, label, secret_hash) values (?, ?, ?, ?, ?)",
                clientId, id, issued.Role, (object?)issued.Label ?? DBNull.Value, hasher.Hash(secret));
            await session.Append(stream, http, issued);
            return TypedResults.Created($"{http.Request.PathBase}/members/{id}/credentials/{clientId}", new Issued(clientId, secret, issued.Role, id));
        })
        .RequireAuthorization()
        // Cache-Control: no-store, and a repeat with the same Idempotency-Key gets 409 "already applied" + Location, never the secret.
        .ReturnsSecret()
        .WithSummary("Issue a credential; the secret is shown only in this response");

        members.MapDelete("/{id:guid}/credentials/{clientId}", async (Guid id, string clientId, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            var revoked = Revoke(member, Actor.Of(http.User), clientId, clock.GetUtcNow());
            session.QueueSqlCommand("update client_credentials set revoked_at = now() where client_id = ?", clientId);
            await session.Append(stream, http, revoked);
            return TypedResults.NoContent();
        })
        .RequireAuthorization()
        .WithSummary("Revoke a credential: no new token, and open tokens are refused");

        members.MapGet("/{id:guid}/credentials", async (Guid id, NpgsqlDataSource db, HttpContext http) =>
        {
            MayManage(Actor.Of(http.User), id);
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
