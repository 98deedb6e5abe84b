using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages;

/// <summary>The compatibility finder: one search box, filters, an "as of" date, paging, and a CSV export of the same view.</summary>
public sealed class IndexModel(CompatibilityApi api, Text text) : PortalPage(text)
{
    public static readonly string[] Types = ["chip", "accelerator", "server", "operating-system", "ai-framework", "cloud-service", "distribution", "installer", "hosted-platform", "other"];
    public static readonly string[] Statuses = ["certified", "suspended", "expired", "revoked", "lapsed", "withdrawn"];
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    [BindProperty(SupportsGet = true)] public string? Vendor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOf { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public MatrixPage? Result { get; private set; }
    public IReadOnlyList<StandardSummary> Standards { get; private set; } = [];
    public IReadOnlyList<string> Versions { get; private set; } = [];
    public string? VendorNote { get; private set; }
    public string CsvUrl { get; private set; } = "/api/matrix.csv";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var standards = api.Standards(ct);
        var detail = Standard is { Length: > 0 } code ? api.Standard(code, ct) : Task.FromResult<StandardDetail?>(null);
        var vendorId = await ResolveVendor(ct);
        Standards = await standards;
        Versions = (await detail)?.Versions.Select(v => v.Version).Reverse().ToList() ?? [];
        if (!ModelState.IsValid || (Vendor is { Length: > 0 } && vendorId is null)) return;
        // "As of" a date means at the end of that day (UTC): everything certified during it counts.
        DateTimeOffset? asOf = AsOf is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : null;
        var query = new CompatibilityApi.MatrixQuery(Blank(Q), Blank(Standard), Blank(Version), vendorId, Blank(Type), Blank(Status), asOf, Math.Max(1, PageNumber), PageSize);
        try
        {
            Result = await api.Matrix(query, ct);
            CsvUrl = "/api/matrix.csv?" + query.ToQueryString();
        }
        catch (ApiProblem problem) when (problem.Status == 400)
        {
            Show(problem, ("standard", nameof(Standard)), ("version", nameof(Version)), ("type", nameof(Type)), ("status", nameof(Status)), ("asOf", nameof(AsOf)), ("page", ""));
        }
    }

    private async Task<Guid?> ResolveVendor(CancellationToken ct)
    {
        if (Blank(Vendor) is not { } name) return null;
        var found = await api.Vendors(name, 20, ct);
        var exact = found.Items.Where(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1 || found.Items.Count == 1) return (exact.Count == 1 ? exact[0] : found.Items[0]).MemberId;
        VendorNote = found.Items.Count == 0 ? T.Format("finder.vendor-none", name) : T.Format("finder.vendor-many", found.Total, name);
        ModelState.AddModelError(nameof(Vendor), VendorNote);
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public string PageUrl(int page) => "/?" + string.Join("&", new (string, string?)[]
        { ("q", Q), ("standard", Standard), ("version", Version), ("vendor", Vendor), ("type", Type), ("status", Status), ("asOf", AsOf?.ToString("yyyy-MM-dd")), ("p", page.ToString()) }
        .Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
}
