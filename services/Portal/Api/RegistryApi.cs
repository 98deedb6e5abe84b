namespace Alliance.Portal.Api;

/// <summary>Registry's public API: members, the admissions queue, joint projects.</summary>
public sealed class RegistryApi(HttpClient http) : ServiceApi(http)
{
    public Task<PageOf<MemberRow>> Members(string? status, int pageSize, CancellationToken ct) => Get<PageOf<MemberRow>>($"/members?{Query(("status", status))}&pageSize={pageSize}", ct);

    public Task<MemberRow?> Member(Guid id, CancellationToken ct) => Find<MemberRow>($"/members/{id}", ct);

    public Task<List<HistoryEntry>> MemberHistory(Guid id, CancellationToken ct) => Get<List<HistoryEntry>>($"/members/{id}/history", ct);

    public Task Admit(Guid id, string? tier, CancellationToken ct) => Send(HttpMethod.Post, $"/members/{id}/admission", new { tier }, ct);

    public Task<List<ProjectRow>> ProjectsOf(Guid member, CancellationToken ct) => Get<List<ProjectRow>>($"/members/{member}/projects", ct);

    public Task<ProjectDetail?> Project(Guid id, CancellationToken ct) => Find<ProjectDetail>($"/projects/{id}", ct);

    public sealed record PartnerRequest(Guid? MemberId, string? Role);

    public Task Propose(string? title, string? summary, string[] areas, IReadOnlyList<PartnerRequest> partners, DateOnly? plannedStart, DateOnly? plannedEnd,
        string? ipPolicy, CancellationToken ct) =>
        Send(HttpMethod.Post, "/projects", new { title, summary, researchAreas = areas, partners, plannedStart, plannedEnd, ipPolicy }, ct);

    public Task Accept(Guid project, Guid member, CancellationToken ct) => Send(HttpMethod.Post, $"/projects/{project}/partners/{member}/acceptance", null, ct);

    public Task Decline(Guid project, Guid member, string? reason, CancellationToken ct) => Send(HttpMethod.Post, $"/projects/{project}/partners/{member}/decline", new { reason }, ct);

    public Task PlanMilestone(Guid project, string? title, DateOnly? due, string? deliverable, CancellationToken ct) =>
        Send(HttpMethod.Post, $"/projects/{project}/milestones", new { title, due, deliverable }, ct);

    public Task CompleteMilestone(Guid project, Guid milestone, DateOnly? completedOn, string? evidenceUrl, CancellationToken ct) =>
        Send(HttpMethod.Post, $"/projects/{project}/milestones/{milestone}/completion", new { completedOn, evidenceUrl }, ct);
}
