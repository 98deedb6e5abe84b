using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>A member proposes a joint R&amp;D project and invites a partner; the service's refusals appear beside the fields.</summary>
public sealed class NewProjectModel(RegistryApi registry, Text text) : PortalPage(text)
{
    public static readonly string[] IpPolicies = ["open", "shared", "restricted"];
    public static readonly string[] Roles = ["partner", "academic-partner", "observer"];

    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    [BindProperty] public string? ProjectTitle { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Areas { get; set; }
    [BindProperty] public Guid? PartnerId { get; set; }
    [BindProperty] public string? PartnerRole { get; set; }
    [BindProperty] public DateOnly? PlannedStart { get; set; }
    [BindProperty] public DateOnly? PlannedEnd { get; set; }
    [BindProperty] public string? IpPolicy { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadMembers(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var areas = (Areas ?? "").Split([',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        RegistryApi.PartnerRequest[] partners = PartnerId is { } partner ? [new(partner, PartnerRole ?? "partner")] : [];
        try
        {
            await registry.Propose(ProjectTitle, Summary, areas, partners, PlannedStart, PlannedEnd, IpPolicy, ct);
            Notice = T["project.proposed"];
            return Redirect("/workspace");
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("title", nameof(ProjectTitle)), ("summary", nameof(Summary)), ("researchAreas", nameof(Areas)), ("partners", nameof(PartnerId)),
                ("plannedStart", nameof(PlannedStart)), ("plannedEnd", nameof(PlannedEnd)), ("ipPolicy", nameof(IpPolicy)), ("leadMemberId", ""));
            await LoadMembers(ct);
            return Page();
        }
    }

    private async Task LoadMembers(CancellationToken ct)
    {
        var me = User.MemberId();
        Members = (await registry.Members("admitted", 200, ct)).Items.Where(m => m.MemberId != me).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
