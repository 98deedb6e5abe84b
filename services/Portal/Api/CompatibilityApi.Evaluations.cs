namespace Alliance.Portal.Api;

/// <summary>Compatibility's evaluations: the published results table and the comparison of systems.</summary>
public sealed partial class CompatibilityApi
{
    public sealed record ResultsQuery(string? Standard, string? Benchmark, string? Scenario, string? Division, string? Category, string? Accelerator, string? Submitter,
        string? Sort, DateTimeOffset? AsOf, int Page, int PageSize)
    {
        public string ToQueryString() => Query(("standard", Standard), ("benchmark", Benchmark), ("scenario", Scenario), ("division", Division), ("category", Category),
            ("accelerator", Accelerator), ("submitter", Submitter), ("sort", Sort), ("asOf", AsOf));
    }

    public Task<EvaluationResultPage> EvaluationResults(ResultsQuery q, CancellationToken ct) =>
        Get<EvaluationResultPage>($"/evaluations/results?{q.ToQueryString()}&page={q.Page}&pageSize={q.PageSize}", ct);

    public Task<EvaluationComparison> CompareEvaluations(IEnumerable<string> results, DateTimeOffset? asOf, CancellationToken ct) =>
        Get<EvaluationComparison>($"/evaluations/compare?{Query(("results", string.Join(',', results)), ("asOf", asOf))}", ct);
}

public sealed record EvaluationResultRow(string ResultId, string Benchmark, string Scenario, string Standard, string Version, string Division, string Category,
    string? SystemType, Guid ProductId, string ProductName, string? Submitter, string? SystemName, int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel,
    string? Processor, double Score, string Unit, bool HigherIsBetter, double? PerAccelerator, double? PerWatt, double? Power, string? PowerUnit, string? LogsUrl,
    string Status, string? ReviewedBy, DateTimeOffset? PublishedAt);

public sealed record EvaluationResultPage(DateTimeOffset AsOf, List<EvaluationResultRow> Items, int Page, int PageSize, long Total);

public sealed record ComparedSystem(string ResultId, Guid ProductId, string ProductName, string? Submitter, string? SystemName, string Division, string Category,
    int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor, string? Software);

public sealed record ComparedScore(string ResultId, double Score, double? PerAccelerator, double? PerWatt);

public sealed record ComparedBenchmark(string Benchmark, string Scenario, string Unit, bool HigherIsBetter, List<ComparedScore> Scores, string Best);

public sealed record EvaluationComparison(DateTimeOffset AsOf, List<ComparedSystem> Systems, List<ComparedBenchmark> Benchmarks);
