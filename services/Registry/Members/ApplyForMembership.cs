using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>POST /members/applications: anyone may apply; the secretariat admits later.</summary>
public static class ApplyForMembership
{
    /// <summary>NameZh: the member's Chinese name, optional; search matches either name.</summary>
    public sealed record Request(string? Name, string? Kind, string? Country, string? Website, string? ContactEmail, string? NameZh = null);

    public sealed record Response(Guid MemberId, string Status);

    public static MemberApplied Decide(Guid memberId, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", request.Name);
        v.OneOf("kind", request.Kind, MemberKinds.All);
        v.Country("country", request.Country);
        v.HttpUrl("website", request.Website);
        v.Email("contactEmail", request.ContactEmail);
        if (request.NameZh is { Length: > 200 }) v.Add("nameZh", "'nameZh' must be at most 200 characters.");
        v.ThrowIfInvalid();
        return new MemberApplied(memberId, request.Name!.Trim(), request.Kind!, request.Country!, request.Website, request.ContactEmail!, now,
            string.IsNullOrWhiteSpace(request.NameZh) ? null : request.NameZh.Trim());
    }

    public static void Map(RouteGroupBuilder members) =>
        members.MapPost("/applications", async (Request body, IDocumentSession session, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var memberId = Guid.CreateVersion7();
            session.Events.StartStream<Member>(memberId, Decide(memberId, body, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/members/{memberId}", new Response(memberId, "applied"));
        })
        .WithSummary("Apply for membership")
        .ProducesValidationProblem();
}
