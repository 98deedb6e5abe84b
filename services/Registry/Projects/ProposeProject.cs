using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Registry.Projects;

/// <summary>POST /projects: a representative of the lead member proposes a joint project and invites its partners.</summary>
public static class ProposeProject
{
    public static void Map(RouteGroupBuilder projects) =>
        projects.MapPost("/", async (ProjectDecisions.Propose body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var members = await MemberLookup.For(db, (body.Partners ?? []).Select(p => p.MemberId).Append(body.LeadMemberId), http.RequestAborted);
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Project>(id, ProjectDecisions.Decide(id, body, Actor.Of(http.User), members, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/projects/{id}", new ProjectStanding(id, "proposed"));
        })
        .RequireAuthorization(Policies.Member)
        .WithSummary("Propose a joint R&D project (the lead member's representative)");
}
