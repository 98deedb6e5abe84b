using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>
/// POST /members/{id}/suspension and /reinstatement (secretariat). Suspension revokes every credential of
/// the member at once: no new token, and every service refuses the open ones when MemberSuspended arrives.
/// </summary>
public static class SuspendMember
{
    public sealed record Request(string? Reason);

    public static MemberSuspended Decide(Member member, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 1000);
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Admitted)
            throw new DomainRuleViolated("suspension-requires-admitted-member",
                $"Only an admitted member can be suspended; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberSuspended(member.Id, member.Name, member.Kind, member.Country, member.Tier!, request.Reason!.Trim(), member.ActiveClientIds, now);
    }

    public static MemberReinstated Reinstate(Member member, DateTimeOffset now) =>
        member.Status == MemberStatus.Suspended
            ? new MemberReinstated(member.Id, member.Name, member.Kind, member.Country, member.Tier!, now)
            : throw new DomainRuleViolated("reinstatement-requires-suspension",
                $"Only a suspended member can be reinstated; this member is {member.Status.ToString().ToLowerInvariant()}.");

    public static void Map(RouteGroupBuilder members)
    {
        members.MapPost("/{id:guid}/suspension", async (Guid id, Request body, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            var suspended = Decide(member, body, clock.GetUtcNow());
            session.QueueSqlCommand("update client_credentials set revoked_at = now() where member_id = ? and revoked_at is null", id);
            await session.Append(stream, http, suspended);
            return TypedResults.Ok(new MemberSuspension(id, "suspended", suspended.RevokedClientIds));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Suspend a member and revoke all its credentials (secretariat)");

        members.MapPost("/{id:guid}/reinstatement", async (Guid id, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            await session.Append(stream, http, Reinstate(member, clock.GetUtcNow()));
            return TypedResults.Ok(new MemberStanding(id, "admitted"));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Reinstate a suspended member (secretariat); its credentials stay revoked");
    }
}
