namespace Alliance.Compatibility.Evaluations;

// What the submission endpoints answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record ResultChecks(string Benchmark, string Scenario, string[] ChecksFailed);

/// <summary>A submission as accepted: its result id, its status after the automatic checks, and the review window.</summary>
public sealed record SubmissionReceipt(Guid SubmissionId, string ResultId, string Status, DateTimeOffset ReviewUntil, DateTimeOffset? AvailableBy,
    string[] ChecksFailed, IReadOnlyList<ResultChecks> Results);

/// <summary>A submission with its stored row, results, checks, objections and review state.</summary>
public sealed record SubmissionView(object? Row, string Status, DateTimeOffset ReviewUntil, DateTimeOffset? AvailableBy, DateTimeOffset? AvailableAt,
    EvaluationResult[] Results, Objection[] Objections, string[] Published, string[] Withdrawn);

/// <summary>One event of a submission: business time (OccurredAt), recording time and actor.</summary>
public sealed record SubmissionEvent(long Version, string Type, DateTimeOffset? OccurredAt, DateTimeOffset RecordedAt, string? Actor, object Data);
