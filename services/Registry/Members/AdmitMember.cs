using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>POST /members/{id}/admission: the secretariat admits an applicant at a tier.</summary>
public static class AdmitMember
{
    /// <summary>EffectiveAt and Source: historical mode, as for applications.</summary>
    public sealed record Request(string? Tier, DateTimeOffset? EffectiveAt = null, string? Source = null);

    public sealed record Response(Guid MemberId, string Status, string Tier);

    public static MemberAdmitted Decide(Member member, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.OneOf("tier", request.Tier, MemberTiers.All);
        if (request.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.ThrowIfInvalid();
        if (member.Status != MemberStatus.Applied)
            throw new DomainRuleViolated("admission-requires-application",
                $"Only an applicant can be admitted; this member is {member.Status.ToString().ToLowerInvariant()}.");
        return new MemberAdmitted(member.Id, member.Name, member.Kind, member.Country, request.Tier!, request.EffectiveAt ?? now, request.Source);
    }

    public static void Map(RouteGroupBuilder members) =>
        members.MapPost("/{id:guid}/admission", async (Guid id, Request body, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            var admitted = Decide(member, body, clock.GetUtcNow());
            await session.Append(stream, http, admitted);
            return TypedResults.Ok(new Response(id, "admitted", admitted.Tier));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Admit an applicant as a member (secretariat)")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
