using System.Text.RegularExpressions;
using Alliance.Compatibility.Evaluations;
using Alliance.Hosting;

namespace Alliance.Compatibility.Standards;

public static partial class StandardDecisions
{
    /// <summary>Kind: conformance (the default) or evaluation (a benchmark suite, see Evaluations/).</summary>
    public sealed record Create(string? Code, string? Title, string? Description, Guid? CommitteeId, ValidityRule? Validity, int? CertifiableEarlierVersions, string? Kind = null);

    public sealed record ProposeVersion(string? Version, Requirement[]? Requirements, Prerequisite[]? Prerequisites, EvaluationSuite? Evaluation = null);

    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,19}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^v?[0-9]+(\\.[0-9]+){0,2}$")]
    private static partial Regex VersionPattern();

    public static StandardCreated Decide(Guid id, Create r, DateTimeOffset now)
    {
        var v = new Validation();
        if (!CodePattern().IsMatch(r.Code ?? "")) v.Add("code", "'code' is 2–20 upper-case letters, digits or dashes, starting with a letter (e.g. ACI).");
        v.Required("title", r.Title);
        if (r.CommitteeId is null) v.Add("committeeId", "'committeeId' names the committee that ratifies the standard.");
        var validity = r.Validity ?? new ValidityRule("none", null, null);
        switch (validity.Kind)
        {
            case "none": break;
            case "fixed" when validity.Months is > 0 and <= 120: break;
            case "later-of" when validity.Months is > 0 and <= 120 && validity.MonthsAfterNext is > 0 and <= 120: break;
            default: v.Add("validity", "'validity' is {kind: none}, {kind: fixed, months} or {kind: later-of, months, monthsAfterNext} with 1–120 months."); break;
        }
        if (validity.From is not (null or "grant" or "ratification") || (validity.From is not null && validity.Kind != "later-of"))
            v.Add("validity", "'validity.from' is grant or ratification, and only for kind later-of.");
        if (r.CertifiableEarlierVersions is < 0 or > 20) v.Add("certifiableEarlierVersions", "'certifiableEarlierVersions' is between 0 and 20.");
        if (r.Kind is not (null or Standard.Conformance or Standard.Evaluation)) v.Add("kind", "'kind' is conformance or evaluation.");
        v.ThrowIfInvalid();
        return new StandardCreated(id, r.Code!, r.Title!.Trim(), r.Description?.Trim() ?? "", r.CommitteeId!.Value, validity, r.CertifiableEarlierVersions ?? 2, now,
            r.Kind == Standard.Evaluation ? Standard.Evaluation : null);
    }

    public static StandardVersionProposed Decide(Standard s, ProposeVersion r, DateTimeOffset now)
    {
        var v = new Validation();
        if (!VersionPattern().IsMatch(r.Version ?? "")) v.Add("version", "'version' looks like 2.0 or v1.30.");
        var requirements = r.Requirements ?? [];
        // An evaluation suite measures rather than certifies: its benchmarks take the place of requirements.
        var evaluation = s.Kind == Standard.Evaluation ? EvaluationSuite.Validated(r.Evaluation, r.Version ?? "", v) : null;
        if (s.Kind != Standard.Evaluation && r.Evaluation is not null) v.Add("evaluation", $"{s.Code} is a conformance standard: its versions state requirements, not benchmarks.");
        if (requirements.Length == 0 && s.Kind != Standard.Evaluation) v.Add("requirements", "A version states at least one requirement.");
        if (requirements.Any(q => string.IsNullOrWhiteSpace(q.Id) || string.IsNullOrWhiteSpace(q.Text) || q.Level is not ("MUST" or "SHOULD" or "MAY")))
            v.Add("requirements", "Each requirement has an id, a level (MUST, SHOULD, MAY) and a text.");
        if (requirements.Select(q => q.Id).Distinct().Count() != requirements.Length) v.Add("requirements", "Requirement ids are unique within a version.");
        v.ThrowIfInvalid();
        if (s.Version(r.Version!) is not null) throw new DomainRuleViolated("version-exists", $"{s.Code} {r.Version} already exists.");
        return new StandardVersionProposed(s.Id, r.Version!, requirements, r.Prerequisites ?? [], now, evaluation);
    }

    public static StandardVersionRatificationRequested RequestRatification(Standard s, string version, Actor actor, Guid requestId, DateTimeOffset now)
    {
        var v = s.Version(version) ?? throw new NotFound($"{s.Code} {version}");
        if (v.Status is not ("draft" or "rejected"))
            throw new DomainRuleViolated("ratification-not-pending", $"{s.Code} {version} is {v.Status}; only a draft (or a rejected version, again) goes to ballot.");
        return new StandardVersionRatificationRequested(s.Id, s.Code, version, requestId, s.CommitteeId, actor.Describe(), now);
    }

    /// <summary>Governance decided; a decision on a request that is not pending changes nothing. A rejected withdrawal leaves the version as it was.</summary>
    public static object? Decided(Standard s, string version, Guid requestId, Guid decisionId, bool approved, string outcome, DateTimeOffset now) =>
        s.Version(version) is not { } v || v.PendingRequest != requestId ? null
        : v.Status == "ratified" ? (approved ? new StandardVersionWithdrawn(s.Id, s.Code, version, requestId, decisionId, now) : null)
        : approved ? new StandardVersionRatified(s.Id, s.Code, version, requestId, decisionId, now)
        : new StandardVersionRejected(s.Id, version, requestId, decisionId, outcome, now);

    /// <summary>
    /// Governance refused to open the ballot of the pending request: a ratification returns the version to where it was
    /// (draft, or rejected), a withdrawal leaves it ratified; a refusal of a request that is not pending changes nothing.
    /// </summary>
    public static object? Refused(Standard s, string version, Guid requestId, string rule, string reason, DateTimeOffset now) =>
        s.Version(version) is not { } v || v.PendingRequest != requestId ? null
        : v.Status == "ratified" ? new StandardVersionWithdrawalRequestRefused(s.Id, s.Code, version, requestId, rule, reason, now)
        : new StandardVersionRatificationRequestRefused(s.Id, s.Code, version, requestId, v.StatusBeforeBallot ?? "draft", rule, reason, now);

    public static StandardVersionWithdrawalRequested RequestWithdrawal(Standard s, string version, Actor actor, string? reason, Guid requestId, DateTimeOffset now)
    {
        var v = s.Version(version) ?? throw new NotFound($"{s.Code} {version}");
        var check = new Validation();
        check.Required("reason", reason, 2000);
        check.ThrowIfInvalid();
        if (v.Status != "ratified") throw new DomainRuleViolated("withdrawal-requires-ratified-version", $"{s.Code} {version} is {v.Status}.");
        if (v.PendingRequest is not null) throw new DomainRuleViolated("withdrawal-already-requested", "A withdrawal ballot for this version is pending.");
        return new StandardVersionWithdrawalRequested(s.Id, s.Code, version, requestId, s.CommitteeId, reason!.Trim(), actor.Describe(), now);
    }

    public sealed record HistoricalRatification(DateTimeOffset? EffectiveAt, string? Source);

    /// <summary>The secretariat's historical mode: a version ratified in the past, recorded with its business time and source.</summary>
    public static StandardVersionRatified RatifyHistorically(Standard s, string version, HistoricalRatification r, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.EffectiveAt is null) v.Add("effectiveAt", "'effectiveAt' is required.");
        if (r.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.Required("source", r.Source, 500);
        v.ThrowIfInvalid();
        var existing = s.Version(version) ?? throw new NotFound($"{s.Code} {version}");
        if (existing.Status != "draft") throw new DomainRuleViolated("ratification-not-pending", $"{s.Code} {version} is {existing.Status}.");
        return new StandardVersionRatified(s.Id, s.Code, version, Guid.Empty, Guid.Empty, r.EffectiveAt!.Value, r.Source!.Trim());
    }
}
