using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Standards;

/// <summary>A standard: its versions with their requirements, and the difference between any two versions.</summary>
public sealed class DetailModel(CompatibilityApi api, Text text) : PortalPage(text)
{
    public StandardDetail Standard { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public StandardDiff? Diff { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        if (await api.Standard(code, ct) is not { } standard) return NotFound();
        Standard = standard;
        if (From is { Length: > 0 } && To is { Length: > 0 })
        {
            try { Diff = await api.Diff(code, From, To, ct); }
            catch (ApiProblem problem) { Show(problem); }
        }
        return Page();
    }
}
