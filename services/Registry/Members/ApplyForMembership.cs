using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>POST /members/applications: anyone may apply; the secretariat admits later.</summary>
public static class ApplyForMembership
{
    /// <summary>NameZh: the member's Chinese name, optional; search matches either name.</summary>
    /// <summary>EffectiveAt and Source: the secretariat's historical mode (imports), recording when it really happened and where it comes from.</summary>
    public sealed record Request(string? Name, string? Kind, string? Country, string? Website, string? ContactEmail, string? NameZh = null,
        DateTimeOffset? EffectiveAt = null, string? Source = null);

    public sealed record Response(Guid MemberId, string Status);

    public static MemberApplied Decide(Guid memberId, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", request.Name);
        v.OneOf("kind", request.Kind, MemberKinds.All);
        // Historical records (Source given) may lack a country or an e-mail: the data they come from has none.
        var historical = request.Source is not null;
        if (!historical || !string.IsNullOrEmpty(request.Country)) v.Country("country", request.Country);
        v.HttpUrl("website", request.Website);
        if (!historical || !string.IsNullOrEmpty(request.ContactEmail)) v.Email("contactEmail", request.ContactEmail);
        if (request.NameZh is { Length: > 200 }) v.Add("nameZh", "'nameZh' must be at most 200 characters.");
        if (request.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.ThrowIfInvalid();
        return new MemberApplied(memberId, request.Name!.Trim(), request.Kind!, request.Country ?? "", request.Website, request.ContactEmail ?? "", request.EffectiveAt ?? now,
            string.IsNullOrWhiteSpace(request.NameZh) ? null : request.NameZh.Trim(), request.Source);
    }

    public static void Map(RouteGroupBuilder members) =>
        members.MapPost("/applications", async (Request body, IDocumentSession session, PersonalData personal, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if ((body.EffectiveAt is not null || body.Source is not null) && !Actor.Of(http.User).IsSecretariat)
                throw new Forbidden("Only the secretariat records historical applications (effectiveAt, source).");
            var memberId = Guid.CreateVersion7();
            var applied = Decide(memberId, body, clock.GetUtcNow());
            // The contact e-mail is stored sealed under the member's own key: erasure deletes the key (ErasePersonalData).
            session.Events.StartStream<Member>(memberId, applied with { ContactEmail = (await personal.Seal(memberId, applied.ContactEmail, ct))! });
            await session.SaveChangesAsync(ct);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/members/{memberId}", new Response(memberId, "applied"));
        })
        .WithSummary("Apply for membership")
        .ProducesValidationProblem();
}
