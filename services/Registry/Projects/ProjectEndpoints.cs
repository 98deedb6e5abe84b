using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Projects;

/// <summary>
/// /projects: a representative of the lead member proposes a joint project and invites its partners; consent, submission for
/// approval, milestones, partners joining and leaving, completion and cancellation; and the reads (/projects, /projects/{id},
/// /members/{id}/projects, /stats/projects).
/// </summary>
public static class ProjectEndpoints
{
    public static WebApplication MapProjects(this WebApplication app)
    {
        var projects = app.MapGroup("/projects").WithTags("Projects");

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

        projects.MapGet("/", async (NpgsqlDataSource db, TimeProvider clock, string? status, Guid? member, string? area, string? q, DateOnly? startFrom, DateOnly? startTo,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@status::text is null or p.status = @status)
                  and (@member::uuid is null or exists (select 1 from project_partners pp where pp.project_id = p.project_id and pp.member_id = @member))
                  and (@area::text is null or @area = any(p.research_areas))
                  and (@q::text is null or p.title ilike '%' || @q || '%' or p.summary ilike '%' || @q || '%')
                  and (@startFrom::date is null or p.planned_start >= @startFrom::date) and (@startTo::date is null or p.planned_start <= @startTo::date)
                """;
            var args = new { status, member, area = area?.ToLowerInvariant(), q, startFrom = startFrom?.ToString("yyyy-MM-dd"), startTo = startTo?.ToString("yyyy-MM-dd"), today = ProjectListQuery.Today(clock).ToString("yyyy-MM-dd"), paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from projects p {where}", args);
            var rows = await connection.QueryAsync<ProjectListQuery.ProjectRow>($"{ProjectListQuery.Select} {where} order by p.proposed_at desc, p.project_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.Select(ProjectListQuery.View).ToList(), total));
        }).WithSummary("Joint projects, newest first");

        projects.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, IQuerySession session, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<ProjectListQuery.ProjectRow>($"{ProjectListQuery.Select} where p.project_id = @id", new { id, today = ProjectListQuery.Today(clock).ToString("yyyy-MM-dd") })
                ?? throw new NotFound($"Project {id}");
            var project = (await session.Events.AggregateStreamAsync<Project>(id, token: http.RequestAborted))!;
            var today = ProjectListQuery.Today(clock);
            StreamHttp.SetETag(http, (await session.Events.FetchStreamStateAsync(id, http.RequestAborted))!.Version);
            return TypedResults.Ok(new ProjectListQuery.ProjectDetail(ProjectListQuery.View(row), project.Partners, project.LastRefusal,
                project.Milestones.Select(m => new ProjectListQuery.MilestoneView(m.MilestoneId, m.Title, m.Due, m.Deliverable, m.CompletedOn, m.EvidenceUrl, m.Sha256,
                    m.CompletedOn is null && m.Due < today)).ToList()));
        }).WithSummary("A project with its partners, their consent, and its milestones");

        projects.MapHistory("project");

        app.MapGet("/members/{id:guid}/projects", async (Guid id, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ProjectListQuery.ProjectRow>($"""
                {ProjectListQuery.Select} where exists (select 1 from project_partners pp where pp.project_id = p.project_id and pp.member_id = @id)
                order by p.proposed_at desc, p.project_id
                """, new { id, today = ProjectListQuery.Today(clock).ToString("yyyy-MM-dd") });
            return TypedResults.Ok(rows.Select(ProjectListQuery.View).ToList());
        }).WithTags("Members").WithSummary("The member's projects, in any role");

        app.MapGet("/stats/projects", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var byStatus = (await connection.QueryAsync<(string Status, long Count)>("select status, count(*) from projects group by status order by status"))
                .ToDictionary(r => r.Status, r => r.Count);
            var byArea = (await connection.QueryAsync<(string Area, long Count)>(
                "select area, count(*) from projects, unnest(research_areas) area group by area order by count(*) desc, area"))
                .ToDictionary(r => r.Area, r => r.Count);
            // Industry with academia: a company and a university or institute among the active organisations.
            var joint = await connection.ExecuteScalarAsync<long>("""
                select count(*) from projects p where
                  exists (select 1 from project_partners pp join member_directory m on m.member_id = pp.member_id
                          where pp.project_id = p.project_id and pp.consent in ('lead', 'invited', 'accepted') and m.kind = 'company')
                  and exists (select 1 from project_partners pp join member_directory m on m.member_id = pp.member_id
                          where pp.project_id = p.project_id and pp.consent in ('lead', 'invited', 'accepted') and m.kind in ('university', 'institute'))
                """);
            return TypedResults.Ok(new ProjectListQuery.ProjectStats(byStatus.Values.Sum(), byStatus, byArea, joint));
        }).WithTags("Projects").WithSummary("Counts by status and research area, and projects joining industry with academia");
        return app;
    }

    private static async Task<IResult> Run(HttpContext http, Guid id, Func<Project, object> decide)
    {
        var (_, events) = await StreamCommands.Run<Project>(http, id, "Project", p => [decide(p)]);
        return TypedResults.Ok(new ProjectChange(id, events[0].GetType().Name, events[0]));
    }
}
