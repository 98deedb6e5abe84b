using Alliance.Hosting;

namespace Alliance.Compatibility.Evaluations;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class EvaluationEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<EvaluationSubmitted>("evaluation_submitted", e => e.SubmittedAt)
        .Add<EvaluationObjectionFiled>("evaluation_objection_filed", e => e.FiledAt)
        .Add<EvaluationReviewerAppointed>("evaluation_reviewer_appointed", e => e.AppointedAt)
        .Add<EvaluationObjectionResolved>("evaluation_objection_resolved", e => e.ResolvedAt)
        .Add<EvaluationReviewClosed>("evaluation_review_closed", e => e.ClosedAt)
        .Add<EvaluationResultPublished>("evaluation_result_published", e => e.PublishedAt)
        .Add<EvaluationSystemAvailable>("evaluation_system_available", e => e.AvailableAt)
        .Add<EvaluationResultWithdrawn>("evaluation_result_withdrawn", e => e.WithdrawnAt);
}

// The Evaluation stream: one system's submission to a round (result id round-n), its results per benchmark and
// scenario, the peer review (objections, appointed reviewers, resolutions), publication and withdrawal.

/// <summary>What a system is; a suite version names the fields it requires. AcceleratorsPerNode 0: a CPU-only system.</summary>
public sealed record SystemDescription(string? Name, string? SystemType, int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor,
    int? ProcessorsPerNode, int? ProcessorCores, string? Memory, string? Interconnect, string? Software, string? OperatingSystem);

/// <summary>
/// One measured result: the score in its unit, the measured accuracy per metric, optional power measured in the same
/// run, links to logs and code. ChecksFailed: every automatic check it failed (a result with failures is never published).
/// </summary>
public sealed record EvaluationResult(string Benchmark, string Scenario, double Score, string Unit, bool HigherIsBetter, Dictionary<string, double> Accuracy,
    string? AccuracyText, double? Power, string? PowerUnit, string? LogsUrl, string? CodeUrl, string[] ChecksFailed)
{
    public string Key => $"{Benchmark}/{Scenario}";
}

/// <summary>
/// ChecksFailed: the checks of the submission as a whole (the system description, the version, the vendor); each
/// result carries its own. ReviewUntil: the end of the peer-review window. AvailableBy: a preview system's deadline.
/// </summary>
public sealed record EvaluationSubmitted(
    Guid SubmissionId, string ResultId, string Round, string StandardCode, string Version, Guid ProductId, Guid VendorId, string Division, string Category,
    DateTimeOffset? AvailableBy, SystemDescription System, EvaluationResult[] Results, string[] ChecksFailed, DateTimeOffset ReviewUntil,
    string SubmittedBy, DateTimeOffset SubmittedAt, string? Source = null);

/// <summary>Another member objects, with its reason, to some results (their keys, benchmark/scenario) or to all (none named).</summary>
public sealed record EvaluationObjectionFiled(Guid SubmissionId, int Number, Guid ObjectorId, string Reason, string[] Results, string FiledBy, DateTimeOffset FiledAt);

/// <summary>The secretariat appoints a reviewer (of a member other than the submitter and the objector) to resolve the objection.</summary>
public sealed record EvaluationReviewerAppointed(Guid SubmissionId, int Objection, Guid ReviewerMemberId, string AppointedBy, DateTimeOffset AppointedAt);

/// <summary>Upheld: the results the objection names are not published; dismissed: they stand.</summary>
public sealed record EvaluationObjectionResolved(Guid SubmissionId, int Objection, bool Upheld, string Reason, string ResolvedBy, DateTimeOffset ResolvedAt);

/// <summary>The window closed with every objection resolved: these results are published, those rejected (failed checks or an upheld objection).</summary>
public sealed record EvaluationReviewClosed(Guid SubmissionId, string[] Published, string[] Rejected, string ReviewedBy, DateTimeOffset ClosedAt);

/// <summary>One result made public (published as the integration message EvaluationResultPublished). ReviewedBy: the alliance's review, or the source's (MLCommons).</summary>
public sealed record EvaluationResultPublished(Guid SubmissionId, string ResultId, string Benchmark, string Scenario, Guid ProductId, double Score, string Unit,
    bool HigherIsBetter, string ReviewedBy, DateTimeOffset PublishedAt);

/// <summary>A preview system became available (with evidence) before its deadline: its results are no longer withdrawn at the deadline.</summary>
public sealed record EvaluationSystemAvailable(Guid SubmissionId, string EvidenceUrl, string DeclaredBy, DateTimeOffset AvailableAt);

/// <summary>Rule: preview-not-available (the deadline passed) or withdrawn-by-secretariat.</summary>
public sealed record EvaluationResultWithdrawn(Guid SubmissionId, string ResultId, string Benchmark, string Scenario, Guid ProductId, string Rule, string Reason,
    DateTimeOffset WithdrawnAt);

public sealed record Objection(int Number, Guid ObjectorId, string[] Results, Guid? Reviewer, bool? Upheld);

/// <summary>Status: checks-failed, under-review, published, rejected (nothing published), withdrawn. Published, Withdrawn: result keys.</summary>
public sealed record Evaluation(
    Guid Id, string ResultId, Guid ProductId, Guid VendorId, string Category, DateTimeOffset? AvailableBy, DateTimeOffset? AvailableAt, DateTimeOffset ReviewUntil,
    string Status, EvaluationResult[] Results, Objection[] Objections, string[] Published, string[] Withdrawn)
{
    public static Evaluation Create(EvaluationSubmitted e) =>
        new(e.SubmissionId, e.ResultId, e.ProductId, e.VendorId, e.Category, e.AvailableBy, null, e.ReviewUntil,
            e.ChecksFailed.Length > 0 || e.Results.All(r => r.ChecksFailed.Length > 0) ? "checks-failed" : "under-review", e.Results, [], [], []);

    public Evaluation Apply(EvaluationObjectionFiled e) => this with { Objections = [.. Objections, new(e.Number, e.ObjectorId, e.Results, null, null)] };
    public Evaluation Apply(EvaluationReviewerAppointed e) => With(e.Objection, o => o with { Reviewer = e.ReviewerMemberId });
    public Evaluation Apply(EvaluationObjectionResolved e) => With(e.Objection, o => o with { Upheld = e.Upheld });
    public Evaluation Apply(EvaluationReviewClosed e) => this with { Status = e.Published.Length > 0 ? "published" : "rejected" };
    public Evaluation Apply(EvaluationResultPublished e) => this with { Published = [.. Published, $"{e.Benchmark}/{e.Scenario}"] };
    public Evaluation Apply(EvaluationSystemAvailable e) => this with { AvailableAt = e.AvailableAt };
    public Evaluation Apply(EvaluationResultWithdrawn e) => this with { Withdrawn = [.. Withdrawn, $"{e.Benchmark}/{e.Scenario}"], Status = "withdrawn" };

    public Objection? ObjectionOf(int number) => Objections.FirstOrDefault(o => o.Number == number);

    /// <summary>The results an upheld objection struck out (an objection naming none strikes all).</summary>
    public IEnumerable<string> Struck => Objections.Where(o => o.Upheld == true).SelectMany(o => o.Results.Length > 0 ? o.Results : Results.Select(r => r.Key)).Distinct();

    private Evaluation With(int number, Func<Objection, Objection> change) =>
        this with { Objections = Objections.Select(o => o.Number == number ? change(o) : o).ToArray() };
}
