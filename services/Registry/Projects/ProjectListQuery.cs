
namespace Alliance.Registry.Projects;

/// <summary>What GET /projects, /projects/{id}, /members/{id}/projects and /stats/projects answer, and the columns that read a project from the projects tables.</summary>
public static class ProjectListQuery
{
    /// <summary>Research areas arrive as a JSON array: Dapper cannot bind text[] to a record parameter.</summary>
    public sealed record ProjectRow(
        Guid ProjectId, string Title, string Summary, string ResearchAreas, Guid LeadMemberId, string Status, DateOnly PlannedStart, DateOnly PlannedEnd,
        decimal? BudgetAmount, string? BudgetCurrency, string IpPolicy, DateTime ProposedAt, long Organisations, long OverdueMilestones);

    // Organisations: the lead and partners who have not declined or left; fewer than two needs the lead's attention.
    internal const string Select = """
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

    internal static ProjectSummary View(ProjectRow p) => new(p.ProjectId, p.Title, p.Summary,
        System.Text.Json.JsonSerializer.Deserialize<string[]>(p.ResearchAreas)!, p.LeadMemberId, p.Status, p.PlannedStart, p.PlannedEnd,
        p.BudgetAmount is { } amount ? new Budget(amount, p.BudgetCurrency) : null, p.IpPolicy, p.ProposedAt, p.Organisations, p.OverdueMilestones,
        p.Organisations < 2 && p.Status is "proposed" or "under-ballot" or "approved");

    internal static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
