using System.Text.Json.Serialization;
using Alliance.Compatibility.Evaluations;
using Alliance.Hosting;

namespace Alliance.Compatibility.Standards;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class StandardEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<StandardCreated>("standard_created", e => e.CreatedAt)
        .Add<StandardVersionProposed>("standard_version_proposed", e => e.ProposedAt)
        .Add<StandardVersionRatificationRequested>("standard_version_ratification_requested", e => e.RequestedAt)
        .Add<StandardVersionRatified>("standard_version_ratified", e => e.RatifiedAt)
        .Add<StandardVersionRejected>("standard_version_rejected", e => e.RejectedAt)
        .Add<StandardVersionWithdrawalRequested>("standard_version_withdrawal_requested", e => e.RequestedAt)
        .Add<StandardVersionRatificationRequestRefused>("standard_version_ratification_request_refused", e => e.RefusedAt)
        .Add<StandardVersionWithdrawalRequestRefused>("standard_version_withdrawal_request_refused", e => e.RefusedAt)
        .Add<StandardVersionWithdrawn>("standard_version_withdrawn", e => e.WithdrawnAt);
}

// The Standard stream: the standard, its versions and their ratification.

/// <summary>
/// Kind: none (no expiry), fixed (Months after grant), later-of (the later of Months after From and MonthsAfterNext
/// after the ratification of the next version, the one ratified next after the certified one). From: grant (the
/// default) or ratification (of the certified version: Certified Kubernetes counts 12 months from the release of x.y).
/// </summary>
public sealed record ValidityRule(string Kind, int? Months, int? MonthsAfterNext, string? From = null);

public sealed record Requirement(string Id, string Level, string Text);

/// <summary>A valid certification against this standard (any version, or the one named) is needed first.</summary>
public sealed record Prerequisite(string StandardCode, string? Version);

public sealed record StandardCreated(
    Guid StandardId, string Code, string Title, string Description, Guid CommitteeId, ValidityRule Validity, int CertifiableEarlierVersions, DateTimeOffset CreatedAt,
    string? Kind = null);

/// <summary>Evaluation: the benchmark suite a version of an evaluation standard defines (null for conformance standards).</summary>
public sealed record StandardVersionProposed(Guid StandardId, string Version, Requirement[] Requirements, Prerequisite[] Prerequisites, DateTimeOffset ProposedAt,
    EvaluationSuite? Evaluation = null);

/// <summary>Published as BallotRequested (subject standard-version-ratification, reference CODE/VERSION).</summary>
public sealed record StandardVersionRatificationRequested(Guid StandardId, string Code, string Version, Guid RequestId, Guid CommitteeId, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>By a decision of Governance; or, in the secretariat's historical mode, with its business time and Source (no ballot: ids are empty).</summary>
public sealed record StandardVersionRatified(Guid StandardId, string Code, string Version, Guid RequestId, Guid DecisionId, DateTimeOffset RatifiedAt, string? Source = null);

public sealed record StandardVersionRejected(Guid StandardId, string Version, Guid RequestId, Guid DecisionId, string Outcome, DateTimeOffset RejectedAt);

/// <summary>Published as BallotRequested (subject standard-version-withdrawal).</summary>
public sealed record StandardVersionWithdrawalRequested(Guid StandardId, string Code, string Version, Guid RequestId, Guid CommitteeId, string Reason, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>Governance refused to open the ratification ballot (Rule, Reason): the version is back to Status (draft or rejected) and may be put to ballot again.</summary>
public sealed record StandardVersionRatificationRequestRefused(
    Guid StandardId, string Code, string Version, Guid RequestId, string Status, string Rule, string Reason, DateTimeOffset RefusedAt);

/// <summary>Governance refused to open the withdrawal ballot (Rule, Reason): the version stays ratified, no withdrawal is pending.</summary>
public sealed record StandardVersionWithdrawalRequestRefused(
    Guid StandardId, string Code, string Version, Guid RequestId, string Rule, string Reason, DateTimeOffset RefusedAt);

/// <summary>Withdrawn by decision: its certifications end with it.</summary>
public sealed record StandardVersionWithdrawn(Guid StandardId, string Code, string Version, Guid RequestId, Guid DecisionId, DateTimeOffset WithdrawnAt);

/// <summary>Why Governance could not open the ballot a request asked for (Kind: ratification or withdrawal).</summary>
public sealed record RequestRefusal(Guid RequestId, string Kind, string Rule, string Reason, DateTimeOffset RefusedAt);

/// <summary>
/// Status: draft, under-ballot, ratified, rejected, withdrawn (a ratified version superseded by a newer one is shown as superseded).
/// LastRefusal: why the last request found no ballot, until the next request. StatusBeforeBallot: where a refused ratification returns.
/// </summary>
public sealed record StandardVersion(string Version, Requirement[] Requirements, Prerequisite[] Prerequisites, string Status, Guid? PendingRequest, DateTimeOffset? RatifiedAt,
    RequestRefusal? LastRefusal = null, [property: JsonIgnore] string? StatusBeforeBallot = null, EvaluationSuite? Evaluation = null);

/// <summary>Kind: conformance (certified pass/fail against requirements) or evaluation (a benchmark suite: measured results).</summary>
public sealed record Standard(Guid Id, string Code, string Title, Guid CommitteeId, ValidityRule Validity, int CertifiableEarlierVersions, StandardVersion[] Versions,
    string Kind = Standard.Conformance)
{
    public const string Conformance = "conformance";
    public const string Evaluation = "evaluation";

    public static Standard Create(StandardCreated e) => new(e.StandardId, e.Code, e.Title, e.CommitteeId, e.Validity, e.CertifiableEarlierVersions, [], e.Kind ?? Conformance);

    public Standard Apply(StandardVersionProposed e) =>
        this with { Versions = [.. Versions, new(e.Version, e.Requirements, e.Prerequisites, "draft", null, null, Evaluation: e.Evaluation)] };
    public Standard Apply(StandardVersionRatificationRequested e) =>
        With(e.Version, v => v with { Status = "under-ballot", PendingRequest = e.RequestId, StatusBeforeBallot = v.Status, LastRefusal = null });
    public Standard Apply(StandardVersionRatificationRequestRefused e) =>
        With(e.Version, v => v with { Status = e.Status, PendingRequest = null, LastRefusal = new(e.RequestId, "ratification", e.Rule, e.Reason, e.RefusedAt) });
    public Standard Apply(StandardVersionWithdrawalRequestRefused e) =>
        With(e.Version, v => v with { PendingRequest = null, LastRefusal = new(e.RequestId, "withdrawal", e.Rule, e.Reason, e.RefusedAt) });
    public Standard Apply(StandardVersionRatified e) => With(e.Version, v => v with { Status = "ratified", PendingRequest = null, RatifiedAt = e.RatifiedAt });
    public Standard Apply(StandardVersionRejected e) => With(e.Version, v => v with { Status = "rejected", PendingRequest = null });
    public Standard Apply(StandardVersionWithdrawalRequested e) => With(e.Version, v => v with { PendingRequest = e.RequestId, LastRefusal = null });
    public Standard Apply(StandardVersionWithdrawn e) => With(e.Version, v => v with { Status = "withdrawn", PendingRequest = null });

    /// <summary>A ratified version is superseded once a newer one is ratified.</summary>
    public string DisplayStatus(StandardVersion v) =>
        v.Status == "ratified" && Versions.Any(o => o.Status == "ratified" && o.RatifiedAt > v.RatifiedAt) ? "superseded" : v.Status;

    public StandardVersion? Version(string version) => Versions.FirstOrDefault(v => v.Version == version);

    /// <summary>The version ratified next after this one (withdrawn later or not): the "x.y+1" of a later-of rule.</summary>
    public StandardVersion? Successor(string version) =>
        Version(version)?.RatifiedAt is not { } at ? null
        : Versions.Where(v => v.Version != version && v.RatifiedAt > at).OrderBy(v => v.RatifiedAt).FirstOrDefault();

    /// <summary>The versions certifiable at an instant (default: any time): the newest ratified by then and as many earlier ones as the standard allows.</summary>
    public IEnumerable<string> Certifiable(DateTimeOffset? asOf = null) =>
        Versions.Where(v => v.Status == "ratified" && (asOf is null || v.RatifiedAt <= asOf))
            .OrderByDescending(v => v.RatifiedAt).Take(1 + CertifiableEarlierVersions).Select(v => v.Version);

    private Standard With(string version, Func<StandardVersion, StandardVersion> change) =>
        this with { Versions = Versions.Select(v => v.Version == version ? change(v) : v).ToArray() };
}
