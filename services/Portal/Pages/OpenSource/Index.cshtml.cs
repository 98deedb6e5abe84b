using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.OpenSource;

/// <summary>Hosted projects per lifecycle stage, and the licence checker (a GET form: checking changes nothing).</summary>
public sealed class IndexModel(GovernanceApi api, Text text) : PortalPage(text)
{
    /// <summary>The lifecycle in its order: proposed → sandbox → incubating → graduated → archived.</summary>
    public static readonly string[] Stages = ["proposed", "sandbox", "incubating", "graduated", "archived"];

    [BindProperty(SupportsGet = true)] public string? Expression { get; set; }
    public Landscape Landscape { get; private set; } = new(new Dictionary<string, IReadOnlyList<LandscapeProject>>());
    public LicenceCheck? Check { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var landscape = api.Landscape(ct);
        if (Expression is not null)
        {
            try { Check = await api.CheckLicence(Expression, ct); }
            catch (ApiProblem problem) { Show(problem, ("expression", nameof(Expression))); }
        }
        Landscape = await landscape;
    }
}
