using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>
/// A member's representative objects to another member's submission under review: find it by result id (GET), tick the
/// results objected to (none: all) and give the reasons (POST). The service decides who may object and until when; its
/// refusal is shown beside the field or on top.
/// </summary>
public sealed class ObjectionModel(CompatibilityApi compatibility, Text text) : PortalPage(text)
{
    public EvaluationSubmission? Submission { get; private set; }
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public bool Missing { get; private set; }

    [BindProperty(SupportsGet = true)] public string? ResultId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public List<string> Results { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ResultId)) return RedirectToPage();
        try
        {
            var filed = await compatibility.Object(ResultId.Trim(), Reason, Results, ct);
            Notice = T.Format("objection.filed", filed.Number);
            return RedirectToPage(new { resultId = ResultId.Trim() });
        }
        catch (ApiProblem problem)
        {
            Show(problem, ("reason", nameof(Reason)), ("results", nameof(Results)));
        }
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(ResultId)) return;
        Submission = await compatibility.EvaluationSubmission(ResultId.Trim(), ct);
        if (Submission is null) { Missing = true; return; }
        History = await compatibility.EvaluationHistory(ResultId.Trim(), ct);
    }

    /// <summary>An objection's reason, as filed (from the history: the state names only who objected to what).</summary>
    public string? ReasonOf(int number) => History.Where(h => h.Type == "evaluation_objection_filed")
        .Select(h => h.Data).FirstOrDefault(d => d.TryGetProperty("number", out var n) && n.TryGetInt32(out var v) && v == number) is { ValueKind: System.Text.Json.JsonValueKind.Object } data
        && data.TryGetProperty("reason", out var r) ? r.GetString() : null;
}
