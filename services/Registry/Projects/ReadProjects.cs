using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Projects;

/// <summary>GET /projects, /projects/{id}, /members/{id}/projects and /stats/projects.</summary>
public static class ReadProjects
{
    /// <summary>Research areas arrive as a JSON array: Dapper cannot bind text[] to a record parameter.</summary>
    public sealed record ProjectRow(
        Guid ProjectId, string Title, string Summary, string ResearchAreas, Guid LeadMemberId, string Status, DateOnly PlannedStart, DateOnly PlannedEnd,
        decimal? BudgetAmount, string? BudgetCurrency, string IpPolicy, DateTime ProposedAt, long Organisations, long OverdueMilestones);

    // Organisations: the lead and partners who have not declined or left; fewer than two needs the lead's attention.
    private const string Select = """
        select p.project_id as ProjectId, p.title, p.summary, array_to_json(p.research_areas)::text as ResearchAreas, p.lead_member_id as LeadMemberId, p.status,
               p.planned_start as PlannedStart, p.planned_end as PlannedEnd, p.budget_amount as BudgetAmount, p.budget_currency as BudgetCurrency,
               p.ip_policy as IpPolicy, p.proposed_at as ProposedAt,
               (select count(*) from project_partners pp where pp.project_id = p.project_id and pp.consent in ('lead', 'invited', 'accepted')) as Organisations,
               (select count(*) from project_milestones m where m.project_id = p.project_id and m.completed_on is null and m.due < @today::date) as OverdueMilestones
        from projects p
        """;

    public sealed record Budget(decimal Amount, string? Currency);

    /// <summary>A project as lists show it; NeedsAttention: fewer than two organisations while it is still open.</summary>
    public sealed record ProjectSummary(Guid ProjectId, string Title, string Summary, string[] ResearchAreas, Guid LeadMemberId, string Status,
        DateOnly PlannedStart, DateOnly PlannedEnd, Budget? Budget, string IpPolicy, DateTime ProposedAt, long Organisations, long OverdueMilestones,
        bool NeedsAttention);

    public sealed record MilestoneView(Guid MilestoneId, string Title, DateOnly Due, string Deliverable, DateOnly? CompletedOn, string? EvidenceUrl,
        string? DeliverableSha256, bool Overdue);

    /// <summary>ApprovalRefusal: why the last approval request found no ballot (until the project is submitted again).</summary>
    public sealed record ProjectDetail(ProjectSummary Project, IReadOnlyList<Participant> Partners, RequestRefusal? ApprovalRefusal, IReadOnlyList<MilestoneView> Milestones);

    public sealed record ProjectStats(long Total, Dictionary<string, long> ByStatus, Dictionary<string, long> ByResearchArea, long IndustryWithAcademia);

    private static ProjectSummary View(ProjectRow p) => new(p.ProjectId, p.Title, p.Summary,
        System.Text.Json.JsonSerializer.Deserialize<string[]>(p.ResearchAreas)!, p.LeadMemberId, p.Status, p.PlannedStart, p.PlannedEnd,
        p.BudgetAmount is { } amount ? new Budget(amount, p.BudgetCurrency) : null, p.IpPolicy, p.ProposedAt, p.Organisations, p.OverdueMilestones,
        p.Organisations < 2 && p.Status is "proposed" or "under-ballot" or "approved");

    public static void Map(RouteGroupBuilder projects, IEndpointRouteBuilder app)
    {
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
            var args = new { status, member, area = area?.ToLowerInvariant(), q, startFrom = startFrom?.ToString("yyyy-MM-dd"), startTo = startTo?.ToString("yyyy-MM-dd"), today = Today(clock).ToString("yyyy-MM-dd"), paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from projects p {where}", args);
            var rows = await connection.QueryAsync<ProjectRow>($"{Select} {where} order by p.proposed_at desc, p.project_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.Select(View).ToList(), total));
        }).WithSummary("Joint projects, newest first");

        projects.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, IQuerySession session, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<ProjectRow>($"{Select} where p.project_id = @id", new { id, today = Today(clock).ToString("yyyy-MM-dd") })
                ?? throw new NotFound($"Project {id}");
            var project = (await session.Events.AggregateStreamAsync<Project>(id, token: http.RequestAborted))!;
            var today = Today(clock);
            StreamHttp.SetETag(http, (await session.Events.FetchStreamStateAsync(id, http.RequestAborted))!.Version);
            return TypedResults.Ok(new ProjectDetail(View(row), project.Partners, project.LastRefusal,
                project.Milestones.Select(m => new MilestoneView(m.MilestoneId, m.Title, m.Due, m.Deliverable, m.CompletedOn, m.EvidenceUrl, m.Sha256,
                    m.CompletedOn is null && m.Due < today)).ToList()));
        }).WithSummary("A project with its partners, their consent, and its milestones");

        projects.MapHistory("project");

        app.MapGet("/members/{id:guid}/projects", async (Guid id, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ProjectRow>($"""
                {Select} where exists (select 1 from project_partners pp where pp.project_id = p.project_id and pp.member_id = @id)
                order by p.proposed_at desc, p.project_id
                """, new { id, today = Today(clock).ToString("yyyy-MM-dd") });
            return TypedResults.Ok(rows.Select(View).ToList());
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
            return TypedResults.Ok(new ProjectStats(byStatus.Values.Sum(), byStatus, byArea, joint));
        }).WithTags("Projects").WithSummary("Counts by status and research area, and projects joining industry with academia");
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
