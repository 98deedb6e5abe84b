using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>A joint project: partners and their consent, milestones; the lead plans milestones and reports them done.</summary>
public sealed class ProjectModel(RegistryApi registry, Text text) : PortalPage(text)
{
    public ProjectDetail Detail { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();
    [BindProperty] public string? MilestoneTitle { get; set; }
    [BindProperty] public DateOnly? Due { get; set; }
    [BindProperty] public string? Deliverable { get; set; }
    [BindProperty] public Guid? MilestoneId { get; set; }
    [BindProperty] public DateOnly? CompletedOn { get; set; }
    [BindProperty] public string? EvidenceUrl { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostPlanAsync(Guid id, CancellationToken ct) => Run(id, () => registry.PlanMilestone(id, MilestoneTitle, Due, Deliverable, ct),
        ct, ("title", nameof(MilestoneTitle)), ("due", nameof(Due)), ("deliverable", nameof(Deliverable)));

    public Task<IActionResult> OnPostCompleteAsync(Guid id, CancellationToken ct) => Run(id, () => registry.CompleteMilestone(id, MilestoneId!.Value, CompletedOn, EvidenceUrl, ct),
        ct, ("completedOn", nameof(CompletedOn)), ("evidenceUrl", nameof(EvidenceUrl)));

    private async Task<IActionResult> Run(Guid id, Func<Task> command, CancellationToken ct, params (string, string)[] fields)
    {
        try
        {
            await command();
            Notice = T["project.saved"];
            return RedirectToPage(new { id });
        }
        catch (ApiProblem problem)
        {
            Show(problem, fields);
            return await Load(id, ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> Load(Guid id, CancellationToken ct)
    {
        if (await registry.Project(id, ct) is not { } detail) return false;
        Detail = detail;
        var members = await Task.WhenAll(detail.Partners.Select(p => registry.Member(p.MemberId, ct)));
        Names = members.OfType<MemberRow>().ToDictionary(m => m.MemberId, m => m.Name);
        return true;
    }
}
