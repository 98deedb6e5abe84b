namespace Alliance.Contracts.Compatibility;

/// <summary>
/// A measured result became public after review: ResultId is the submission's round-n id (v4.1-0001), cited with the
/// benchmark and scenario; HigherIsBetter false for latencies. Published by Compatibility, message id = event id.
/// </summary>
public sealed record EvaluationResultPublished(
    string ResultId, Guid ProductId, string Benchmark, string Scenario, double Score, string Unit, bool HigherIsBetter, string ReviewedBy, DateTimeOffset PublishedAt);

/// <summary>A published (or reviewed) result no longer stands. Rule: preview-not-available or withdrawn-by-secretariat.</summary>
public sealed record EvaluationResultWithdrawn(
    string ResultId, Guid ProductId, string Benchmark, string Scenario, string Rule, string Reason, DateTimeOffset WithdrawnAt);
