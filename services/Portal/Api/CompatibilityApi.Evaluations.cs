namespace Alliance.Portal.Api;

/// <summary>Compatibility's evaluations: the published results table, the comparison of systems, submissions and objections.</summary>
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

    /// <summary>A product's public results: published (status "published") or withdrawn (status "withdrawn"), up to 200.</summary>
    public Task<EvaluationResultPage> ProductResults(Guid product, string status, CancellationToken ct) =>
        Get<EvaluationResultPage>($"/evaluations/results?{Query(("product", product), ("status", status))}&pageSize=200", ct);

    public sealed record MeasuredResult(string? Benchmark, string? Scenario, double? Score, string? Unit, Dictionary<string, double>? Accuracy, string? AccuracyText,
        double? Power, string? PowerUnit, string? LogsUrl, string? CodeUrl);

    public sealed record SystemDescription(string? Name, string? SystemType, int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor,
        int? ProcessorsPerNode, int? ProcessorCores, string? Memory, string? Interconnect, string? Software, string? OperatingSystem);

    public Task<SubmittedEvaluation> SubmitEvaluation(Guid? productId, string? standard, string? version, string? division, string? category, DateTimeOffset? availableBy,
        SystemDescription system, IReadOnlyList<MeasuredResult> results, CancellationToken ct) =>
        Send<SubmittedEvaluation>(HttpMethod.Post, "/evaluations/submissions", new { productId, standard, version, division, category, availableBy, system, results }, ct);

    /// <summary>A submission with its review state (under review: members only, so null for anyone else, as for an unknown id).</summary>
    public Task<EvaluationSubmission?> EvaluationSubmission(string resultId, CancellationToken ct) =>
        Find<EvaluationSubmission>($"/evaluations/submissions/{Uri.EscapeDataString(resultId)}", ct);

    public Task<List<HistoryEntry>> EvaluationHistory(string resultId, CancellationToken ct) =>
        Get<List<HistoryEntry>>($"/evaluations/submissions/{Uri.EscapeDataString(resultId)}/history", ct);

    public Task<FiledObjection> Object(string resultId, string? reason, IReadOnlyList<string> results, CancellationToken ct) =>
        Send<FiledObjection>(HttpMethod.Post, $"/evaluations/submissions/{Uri.EscapeDataString(resultId)}/objections", new { reason, results }, ct);
}

public sealed record SuiteScenario(string Id, string Metric, bool HigherIsBetter);

public sealed record SuiteBenchmarkScenario(string Scenario, string Unit);

public sealed record SuiteBenchmark(string Id, string? Title, List<SuiteBenchmarkScenario> Scenarios);

public sealed record SuiteChoice(string Id, string? Description, int? AvailableWithinDays = null);

/// <summary>A benchmark suite (the version of an evaluation standard): what a submission may report and which system fields it must give.</summary>
public sealed record EvaluationSuite(string? Round, List<SuiteBenchmark>? Benchmarks, List<SuiteScenario>? Scenarios, List<SuiteChoice>? Divisions,
    List<SuiteChoice>? Categories, string[]? RequiredSystemFields, int? ReviewWindowDays);

public sealed record SubmittedEvaluationResult(string Benchmark, string Scenario, string[] ChecksFailed);

public sealed record SubmittedEvaluation(Guid SubmissionId, string ResultId, string Status, DateTimeOffset ReviewUntil, DateTimeOffset? AvailableBy, string[] ChecksFailed,
    List<SubmittedEvaluationResult> Results);

public sealed record SubmissionRow(string ResultId, string Round, string Standard, string Version, Guid ProductId, string ProductName, Guid VendorId, string? Submitter,
    string Division, string Category, DateTimeOffset SubmittedAt);

public sealed record SubmissionResult(string Benchmark, string Scenario, double Score, string Unit, string[] ChecksFailed)
{
    public string Key => $"{Benchmark}/{Scenario}";
}

public sealed record SubmissionObjection(int Number, Guid ObjectorId, string[] Results, Guid? Reviewer, bool? Upheld);

public sealed record EvaluationSubmission(SubmissionRow Row, string Status, DateTimeOffset ReviewUntil, List<SubmissionResult> Results, List<SubmissionObjection> Objections,
    string[] Published, string[] Withdrawn);

public sealed record FiledObjection(int Number, Guid ObjectorId, string Reason, string[] Results);

public sealed record EvaluationResultRow(string ResultId, string Benchmark, string Scenario, string Standard, string Version, string Division, string Category,
    string? SystemType, Guid ProductId, string ProductName, string? Submitter, string? SystemName, int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel,
    string? Processor, double Score, string Unit, bool HigherIsBetter, double? PerAccelerator, double? PerWatt, double? Power, string? PowerUnit, string? LogsUrl,
    string Status, string? ReviewedBy, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt = null, string? WithdrawalReason = null);

public sealed record EvaluationResultPage(DateTimeOffset AsOf, List<EvaluationResultRow> Items, int Page, int PageSize, long Total);

public sealed record ComparedSystem(string ResultId, Guid ProductId, string ProductName, string? Submitter, string? SystemName, string Division, string Category,
    int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor, string? Software);

public sealed record ComparedScore(string ResultId, double Score, double? PerAccelerator, double? PerWatt);

public sealed record ComparedBenchmark(string Benchmark, string Scenario, string Unit, bool HigherIsBetter, List<ComparedScore> Scores, string Best);

public sealed record EvaluationComparison(DateTimeOffset AsOf, List<ComparedSystem> Systems, List<ComparedBenchmark> Benchmarks);
