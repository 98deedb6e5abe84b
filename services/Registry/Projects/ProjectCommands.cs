using Alliance.Hosting;
using Npgsql;

namespace Alliance.Registry.Projects;

/// <summary>Consent, submission for approval, milestones, partners joining and leaving, completion and cancellation.</summary>
public static class ProjectCommands
{
    public static void Map(RouteGroupBuilder projects)
    {
        projects.MapPost("/{id:guid}/partners/{memberId:guid}/acceptance", (Guid id, Guid memberId, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Consent(p, memberId, Actor.Of(http.User), true, null, clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("The invited partner accepts");

        projects.MapPost("/{id:guid}/partners/{memberId:guid}/decline", (Guid id, Guid memberId, WithReason? body, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Consent(p, memberId, Actor.Of(http.User), false, body?.Reason, clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("The invited partner declines");

        projects.MapPost("/{id:guid}/partners", async (Guid id, ProjectDecisions.PartnerRequest body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var members = await MemberLookup.For(db, [body.MemberId], http.RequestAborted);
            return await Run(http, id, p => ProjectDecisions.Invite(p, Actor.Of(http.User), body, members, clock.GetUtcNow()));
        }).RequireAuthorization(Policies.Member).WithSummary("The lead invites a further partner (who must accept)");

        projects.MapPost("/{id:guid}/partners/{memberId:guid}/departure", (Guid id, Guid memberId, WithReason? body, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Leave(p, memberId, Actor.Of(http.User), body?.Reason, clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("A partner leaves the project");

        projects.MapPost("/{id:guid}/approval-requests", (Guid id, IConfiguration config, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Submit(p, Actor.Of(http.User), Guid.NewGuid(), config.GetValue<Guid?>("Projects:ApprovalCommitteeId"),
                config["Projects:ApprovalCommitteePurpose"] ?? "technical-oversight", config["Projects:ApprovalProfile"], clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("Ask the alliance to approve the project (a ballot in Governance)");

        projects.MapPost("/{id:guid}/milestones", (Guid id, ProjectDecisions.PlanMilestone body, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Plan(p, Actor.Of(http.User), Guid.CreateVersion7(), body, clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("Plan a milestone (lead)");

        projects.MapPost("/{id:guid}/milestones/{milestoneId:guid}/completion", (Guid id, Guid milestoneId, ProjectDecisions.Completion body, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Complete(p, Actor.Of(http.User), milestoneId, body, clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("Report a milestone complete with its evidence (lead)");

        projects.MapPost("/{id:guid}/completion", (Guid id, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Finish(p, Actor.Of(http.User), clock.GetUtcNow())))
            .RequireAuthorization(Policies.Member).WithSummary("Complete the project (lead)");

        projects.MapPost("/{id:guid}/cancellation", (Guid id, WithReason body, TimeProvider clock, HttpContext http) =>
            Run(http, id, p => ProjectDecisions.Cancel(p, Actor.Of(http.User), body.Reason, clock.GetUtcNow())))
            .RequireMemberOrSecretariat().WithSummary("Cancel the project with a reason (lead or secretariat)");
    }

    private static async Task<IResult> Run(HttpContext http, Guid id, Func<Project, object> decide)
    {
        var (_, events) = await StreamCommands.Run<Project>(http, id, "Project", p => [decide(p)]);
        return TypedResults.Ok(new ProjectChange(id, events[0].GetType().Name, events[0]));
    }
}
