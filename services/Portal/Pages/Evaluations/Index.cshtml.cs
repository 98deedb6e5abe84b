using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Evaluations;

/// <summary>The published benchmark results: filters, best first per metric, per-accelerator and per-watt columns, systems picked for comparison.</summary>
public sealed class IndexModel(CompatibilityApi api, Text text) : PortalPage(text)
{
    public static readonly string[] Sorts = ["score", "perAccelerator", "perWatt"];

    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty(SupportsGet = true)] public string? Benchmark { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scenario { get; set; }
    [BindProperty(SupportsGet = true)] public string? Division { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Accelerator { get; set; }
    [BindProperty(SupportsGet = true)] public string? Submitter { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOf { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public EvaluationResultPage? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1) PageNumber = 1;
        // A date means the end of that day (UTC): what was published by then.
        var asOf = AsOf is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : (DateTimeOffset?)null;
        try
        {
            Result = await api.EvaluationResults(new CompatibilityApi.ResultsQuery(Blank(Standard), Blank(Benchmark), Blank(Scenario), Blank(Division), Blank(Category),
                Blank(Accelerator), Blank(Submitter), Sorts.Contains(Sort) ? Sort : null, asOf, PageNumber, 50), ct);
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("asOf", nameof(AsOf)), ("sort", nameof(Sort)));
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The same filters on another page of the table.</summary>
    public string PageLink(int page) => "/evaluations?" + string.Join("&", new (string, string?)[]
    {
        ("standard", Standard), ("benchmark", Benchmark), ("scenario", Scenario), ("division", Division), ("category", Category), ("accelerator", Accelerator),
        ("submitter", Submitter), ("sort", Sort), ("asOf", AsOf?.ToString("yyyy-MM-dd")), ("page", page.ToString()),
    }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
