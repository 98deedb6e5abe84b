using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Evaluations;

/// <summary>Systems side by side on the benchmarks and scenarios they all ran, the best of each marked in its metric's direction.</summary>
public sealed class CompareModel(CompatibilityApi api, Text text) : PortalPage(text)
{
    [BindProperty(SupportsGet = true)] public string[] Results { get; set; } = [];

    public EvaluationComparison? Comparison { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Picked with checkboxes (results=a&results=b) or given as one list (results=a,b).
        var ids = Results.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        try
        {
            Comparison = await api.CompareEvaluations(ids, null, ct);
        }
        catch (ApiProblem problem)
        {
            Show(problem);
        }
    }
}
