using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>
/// A vendor submits a certification in two steps without JavaScript: choose product, standard and version
/// (GET), then state the outcome of each requirement (POST). The automatic checks answer at once.
/// </summary>
public sealed class NewCertificationModel(CompatibilityApi compatibility, Text text) : PortalPage(text)
{
    public static readonly string[] Outcomes = ["pass", "fail", "not-applicable"];

    public IReadOnlyList<ProductListItem> Products { get; private set; } = [];
    public IReadOnlyList<StandardSummary> Standards { get; private set; } = [];
    public StandardVersion? Chosen { get; private set; }
    public SubmittedCertification? Submitted { get; private set; }

    [BindProperty(SupportsGet = true)] public Guid? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    [BindProperty] public string? ProductVersion { get; set; }
    [BindProperty] public Dictionary<string, string> Outcome { get; set; } = [];
    [BindProperty] public Dictionary<string, string> Evidence { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await Load(ct);
        var results = (Chosen?.Requirements ?? []).Select(r => new CompatibilityApi.RequirementResult(r.Id, Outcome.GetValueOrDefault(r.Id) ?? "pass", null,
            string.IsNullOrWhiteSpace(Evidence.GetValueOrDefault(r.Id)) ? null : Evidence[r.Id].Trim())).ToList();
        try
        {
            Submitted = await compatibility.Submit(ProductId, ProductVersion, Standard, Version, results, null, ct);
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("productId", nameof(ProductId)), ("productVersion", nameof(ProductVersion)), ("standard", nameof(Standard)), ("version", nameof(Version)), ("results", ""));
        }
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        if (User.MemberId() is { } me) Products = await compatibility.ProductsOf(me, ct);
        Standards = await compatibility.Standards(ct);
        if (Standard is { Length: > 0 } code && Version is { Length: > 0 } version && await compatibility.Standard(code, ct) is { } standard)
            Chosen = standard.Versions.FirstOrDefault(v => v.Version == version);
    }
}
