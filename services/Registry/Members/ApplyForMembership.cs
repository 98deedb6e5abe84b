using Alliance.Hosting;
using Marten;

namespace Alliance.Registry.Members;

/// <summary>POST /members/applications: anyone may apply; the secretariat admits later.</summary>
public static class ApplyForMembership
{
    public sealed record Request(string? Name, string? Kind, string? Country, string? Website, string? ContactEmail);

    public sealed record Response(Guid MemberId, string Status);

    public static MemberApplied Decide(Guid memberId, Request request, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", request.Name);
        v.OneOf("kind", request.Kind, MemberKinds.All);
        v.Country("country", request.Country);
        v.HttpUrl("website", request.Website);
        v.Email("contactEmail", request.ContactEmail);
        v.ThrowIfInvalid();
        return new MemberApplied(memberId, request.Name!.Trim(), request.Kind!, request.Country!, request.Website, request.ContactEmail!, now);
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
