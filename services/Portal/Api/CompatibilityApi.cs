namespace Alliance.Portal.Api;

/// <summary>Compatibility's public API: the matrix, products, standards, certifications.</summary>
public sealed partial class CompatibilityApi(HttpClient http) : ServiceApi(http)
{
    public sealed record MatrixQuery(string? Q, string? Standard, string? Version, Guid? Vendor, string? Type, string? Status, DateTimeOffset? AsOf, int Page, int PageSize)
    {
        public string ToQueryString() => Query(("q", Q), ("standard", Standard), ("version", Version), ("vendor", Vendor), ("type", Type), ("status", Status), ("asOf", AsOf));
    }

    public Task<MatrixPage> Matrix(MatrixQuery q, CancellationToken ct) =>
        Get<MatrixPage>($"/matrix?{q.ToQueryString()}&page={q.Page}&pageSize={q.PageSize}", ct);

    public Task<PageOf<Vendor>> Vendors(string? q, int pageSize, CancellationToken ct) => Get<PageOf<Vendor>>($"/vendors?{Query(("q", q))}&pageSize={pageSize}", ct);

    public Task<ProductPage?> Product(Guid id, CancellationToken ct) => Find<ProductPage>($"/products/{id}", ct);

    public Task<List<ProductListItem>> ProductsOf(Guid vendor, CancellationToken ct) => Get<List<ProductListItem>>($"/products?vendor={vendor}", ct);

    public Task<List<HistoryEntry>> CertificationHistory(Guid id, CancellationToken ct) => Get<List<HistoryEntry>>($"/certifications/{id}/history", ct);

    public Task<List<StandardSummary>> Standards(CancellationToken ct) => Get<List<StandardSummary>>("/standards", ct);

    public Task<StandardDetail?> Standard(string code, CancellationToken ct) => Find<StandardDetail>($"/standards/{Uri.EscapeDataString(code)}", ct);

    public Task<StandardDiff> Diff(string code, string from, string to, CancellationToken ct) =>
        Get<StandardDiff>($"/standards/{Uri.EscapeDataString(code)}/diff?{Query(("from", from), ("to", to))}", ct);

    public sealed record RequirementResult(string RequirementId, string Outcome, string? Justification, string? EvidenceUrl);

    public Task<SubmittedCertification> Submit(Guid? productId, string? productVersion, string? standard, string? version, IReadOnlyList<RequirementResult> results,
        string? reportSha256, CancellationToken ct) =>
        Send<SubmittedCertification>(HttpMethod.Post, "/certifications", new { productId, productVersion, standard, version, results, reportSha256 }, ct);
}
