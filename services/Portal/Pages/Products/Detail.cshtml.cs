using System.Text.Json;
using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Products;

/// <summary>
/// A product: every certification with its status, validity, evidence, timeline and place in the transparency log, its
/// embeddable badge, and beside them its public benchmark results (published or withdrawn) with their review state.
/// </summary>
public sealed class DetailModel(CompatibilityApi api, TransparencyApi transparency, Text text, IConfiguration config) : PortalPage(text)
{
    public sealed record Step(string Type, DateTimeOffset At, string? Actor, string? Detail, Guid? EventId);

    public sealed record Evidence(int Passed, int Total, string? ReportSha256, IReadOnlyList<string> Links);

    public sealed record Entry(CertificationSummary Certification, IReadOnlyList<Step> Timeline, Evidence? Evidence)
    {
        /// <summary>The event that gave the certification its present status: the latest of its stream.</summary>
        public Guid? EventId => Timeline.LastOrDefault()?.EventId;
    }

    public ProductInfo Product { get; private set; } = null!;
    public IReadOnlyList<Entry> Certifications { get; private set; } = [];
    public string PublicBase { get; private set; } = "";
    public IReadOnlyList<EvaluationResultRow> Results { get; private set; } = [];
    public LogPlaces Log { get; private set; } = LogPlaces.Unknown;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await api.Product(id, ct) is not { } page) return NotFound();
        Product = page.Product;
        // The snippet is pasted into other sites: its address is the platform's configured one, never the Host header.
        PublicBase = PublicUrl.Of(config);
        var published = api.ProductResults(id, "published", ct);
        var withdrawn = api.ProductResults(id, "withdrawn", ct);
        var histories = await Task.WhenAll(page.Certifications.Select(c => api.CertificationHistory(c.CertificationId, ct)));
        Certifications = page.Certifications.Select((c, i) => new Entry(c, Timeline(histories[i]), EvidenceOf(histories[i])))
            .OrderBy(e => e.Certification.Status == "certified" ? 0 : 1).ThenByDescending(e => e.Certification.ValidFrom).ToList();
        Log = await transparency.Places(Certifications.SelectMany(c => c.Timeline.Select(s => s.EventId)), ct);
        Results = [.. (await published).Items, .. (await withdrawn).Items];
        return Page();
    }

    public string Snippet(Guid certification) =>
        $"<a href=\"{PublicBase}/products/{Product.ProductId}\"><img src=\"{PublicBase}/api/badges/{certification}.svg\" alt=\"{System.Net.WebUtility.HtmlEncode(Product.Name)}\" /></a>";

    private static List<Step> Timeline(IEnumerable<HistoryEntry> events) =>
        events.Select(e => new Step(e.Type, e.OccurredAt ?? e.RecordedAt, e.Actor, DetailOf(e), e.EventId)).ToList();

    private static string? DetailOf(HistoryEntry e) => e.Type switch
    {
        "certification_rejected" or "certification_revoked" or "non_conformance_noticed" when e.Data.TryGetProperty("reasons", out var r) && r.ValueKind == JsonValueKind.Array
            => string.Join("; ", r.EnumerateArray().Select(x => x.ToString())),
        _ when e.Data.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String => reason.GetString(),
        _ => null,
    };

    private static Evidence? EvidenceOf(IEnumerable<HistoryEntry> events)
    {
        var submitted = events.FirstOrDefault(e => e.Type == "certification_submitted");
        if (submitted is null || !submitted.Data.TryGetProperty("results", out var results)) return null;
        var list = results.EnumerateArray().ToList();
        var passed = list.Count(r => r.GetProperty("outcome").GetString() == "pass");
        var links = list.Select(r => r.TryGetProperty("evidenceUrl", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null).OfType<string>().Distinct().ToList();
        var sha = submitted.Data.TryGetProperty("reportSha256", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return new Evidence(passed, list.Count, sha, links);
    }
}
