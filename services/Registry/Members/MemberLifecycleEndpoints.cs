using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

public static class MemberLifecycleEndpoints
{
    public static void Map(RouteGroupBuilder members)
    {
        members.MapPost("/{id:guid}/tier", async (Guid id, MemberLifecycle.TierRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", m => [MemberLifecycle.ChangeTier(m, body, clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Change a member's tier (secretariat)");

        members.MapPost("/{id:guid}/name", async (Guid id, MemberLifecycle.RenameRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", m => [MemberLifecycle.Rename(m, Actor.Of(http.User), body, clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization().WithSummary("Rename a member; former names stay searchable (secretariat or the member's admin)");

        members.MapPost("/{id:guid}/withdrawal", async (Guid id, MemberLifecycle.ReasonRequest? body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var (stream, member) = await session.FetchForWriting<Member>(id, http.Request, "Member");
            var now = clock.GetUtcNow();
            var withdrew = MemberLifecycle.Withdraw(member, Actor.Of(http.User), body ?? new(null), now);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await MemberLifecycle.LeaveProjects(session, connection, id, "member-withdrew", now, http.RequestAborted);
            await session.Append(stream, http, withdrew);
            return TypedResults.Ok(new MemberStanding(id, "withdrawn"));
        }).RequireAuthorization(Policies.Member).WithSummary("The member withdraws from the alliance (its admin); final");

        members.MapPost("/{id:guid}/expulsion-requests", async (Guid id, MemberLifecycle.ReasonRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member",
                m => [MemberLifecycle.RequestExpulsion(m, Actor.Of(http.User), body, Guid.NewGuid(), clock.GetUtcNow())]);
            var requested = (MemberExpulsionRequested)events[0];
            return TypedResults.Accepted($"{http.Request.PathBase}/members/{id}", new MemberBallotRequest(id, requested.RequestId, "under-ballot"));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Ask for a member-expulsion ballot (secretariat)");
    }
}
