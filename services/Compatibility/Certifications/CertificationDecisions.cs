using Alliance.Compatibility.Standards;
using Alliance.Hosting;

namespace Alliance.Compatibility.Certifications;

public static class CertificationDecisions
{
    /// <summary>EffectiveAt and Source: the secretariat's historical mode; the checks are evaluated as of EffectiveAt.</summary>
    public sealed record Submit(Guid? ProductId, string? ProductVersion, string? Standard, string? Version, RequirementResult[]? Results, string? ReportSha256,
        DateTimeOffset? EffectiveAt = null, string? Source = null);

    /// <summary>What the submission is checked against, read before deciding, as of the submission's business time.</summary>
    public sealed record Context(Guid VendorId, string? VendorStatus, Standard? Standard, Func<Prerequisite, bool> PrerequisiteHolds);

    /// <summary>
    /// Records the submission with the result of every automatic check: every MUST answered and passed, the
    /// version ratified and certifiable, prerequisites held, the vendor in good standing. Malformed input is 400.
    /// </summary>
    public static CertificationSubmitted Decide(Guid id, Submit r, Context c, Actor actor, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.ProductId is null) v.Add("productId", "'productId' is required.");
        v.Required("productVersion", r.ProductVersion, 100);
        v.Required("standard", r.Standard, 20);
        v.Required("version", r.Version, 20);
        var results = r.Results ?? [];
        if (results.Length == 0) v.Add("results", "Give a result per requirement.");
        if (results.Any(x => x.Outcome is not ("pass" or "fail" or "not-applicable"))) v.Add("results", "Each outcome is pass, fail or not-applicable.");
        if (results.Any(x => x.Outcome == "not-applicable" && string.IsNullOrWhiteSpace(x.Justification))) v.Add("results", "A not-applicable result needs its justification.");
        if (results.Select(x => x.RequirementId).Distinct().Count() != results.Length) v.Add("results", "One result per requirement.");
        // Evidence links are shown to everyone on the product page: only absolute http(s) URLs (never javascript:, data:, …).
        for (var i = 0; i < results.Length; i++) v.HttpUrl($"results[{i}].evidenceUrl", results[i].EvidenceUrl);
        if (r.ReportSha256 is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))) v.Add("reportSha256", "'reportSha256' is 64 hexadecimal digits.");
        if (r.EffectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        v.ThrowIfInvalid();
        if ((r.EffectiveAt is not null || r.Source is not null) && !actor.IsSecretariat) throw new Forbidden("Only the secretariat records historical submissions.");
        if (!actor.IsSecretariat) actor.MustActFor(c.VendorId);
        var asOf = r.EffectiveAt ?? now;
        var standard = c.Standard ?? throw new NotFound($"Standard {r.Standard}");
        var version = standard.Version(r.Version!) ?? throw new NotFound($"{standard.Code} {r.Version}");
        var unknown = results.Select(x => x.RequirementId).Except(version.Requirements.Select(q => q.Id)).ToList();
        if (unknown.Count > 0) throw new ValidationFailed(new Dictionary<string, string[]> { ["results"] = [$"Not requirements of {standard.Code} {version.Version}: {string.Join(", ", unknown)}."] });

        var failed = new List<string>();
        if (version.Status != "ratified" || version.RatifiedAt > asOf) failed.Add($"version-not-ratified: {standard.Code} {version.Version} is not ratified as of {asOf:yyyy-MM-dd}.");
        else if (!standard.Certifiable(asOf).Contains(version.Version))
            failed.Add($"version-not-certifiable: only {string.Join(", ", standard.Certifiable(asOf))} of {standard.Code} could be certified as of {asOf:yyyy-MM-dd}.");
        foreach (var must in version.Requirements.Where(q => q.Level == "MUST"))
            switch (results.FirstOrDefault(x => x.RequirementId == must.Id)?.Outcome)
            {
                case null: failed.Add($"must-unanswered: {must.Id} has no result."); break;
                case "pass": break;
                default: failed.Add($"must-not-passed: {must.Id} is not passed."); break;
            }
        foreach (var prerequisite in version.Prerequisites.Where(p => !c.PrerequisiteHolds(p)))
            failed.Add($"prerequisite-missing: a {prerequisite.StandardCode} {prerequisite.Version} certification of the product valid on {asOf:yyyy-MM-dd} is required.");
        if (c.VendorStatus != "admitted") failed.Add($"vendor-not-in-good-standing: the vendor is {c.VendorStatus ?? "unknown"} as of {asOf:yyyy-MM-dd}.");
        return new CertificationSubmitted(id, r.ProductId!.Value, c.VendorId, r.ProductVersion!.Trim(), standard.Code, version.Version, results,
            r.ReportSha256?.ToLowerInvariant(), failed.ToArray(), actor.Describe(), asOf, r.Source);
    }

    public sealed record Historical(DateTimeOffset? EffectiveAt, string? Source, bool? BusinessTimeAssumed);

    /// <summary>
    /// A reviewer grants, never for a product of its own member (conflict of interest); the secretariat may record a
    /// historical grant. The end follows the rule; under later-of it is known at once when the next version is already ratified.
    /// </summary>
    public static CertificationGranted Grant(Certification c, Actor reviewer, ValidityRule rule, DateTimeOffset now, Historical? historical = null, Standard? standard = null)
    {
        if (historical?.EffectiveAt is not null && !reviewer.IsSecretariat) throw new Forbidden("Only the secretariat records historical grants.");
        if (historical?.EffectiveAt > now) throw new ValidationFailed(new Dictionary<string, string[]> { ["effectiveAt"] = ["'effectiveAt' cannot be in the future."] });
        if (reviewer.MemberId == c.VendorId)
            throw new DomainRuleViolated("conflict-of-interest", "A reviewer cannot review a product of its own member.");
        if (c.Status != "submitted")
            throw new DomainRuleViolated("grant-requires-passed-checks", $"Only a submission whose automatic checks passed can be granted; this one is {c.Status}.");
        var from = historical?.EffectiveAt ?? now;
        var until = CertificationValidity.Until(rule, standard, c.Version, from);
        return new CertificationGranted(c.Id, from, until, reviewer.Describe(), now, historical?.Source, historical?.BusinessTimeAssumed ?? false);
    }

    public static CertificationRejected Reject(Certification c, Actor reviewer, string[]? reasons, DateTimeOffset now)
    {
        if (reviewer.MemberId == c.VendorId)
            throw new DomainRuleViolated("conflict-of-interest", "A reviewer cannot review a product of its own member.");
        if (c.Status is not ("submitted" or "checks-failed")) throw new DomainRuleViolated("review-closed", $"The certification is {c.Status}.");
        if (reasons is not { Length: > 0 } || reasons.Any(string.IsNullOrWhiteSpace))
            throw new ValidationFailed(new Dictionary<string, string[]> { ["reasons"] = ["A rejection gives its reasons."] });
        return new CertificationRejected(c.Id, reasons, reviewer.Describe(), now);
    }

    public static CertificationRevoked Revoke(Certification c, string? reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ValidationFailed(new Dictionary<string, string[]> { ["reason"] = ["A revocation gives its reason."] });
        if (c.Status != "certified") throw new DomainRuleViolated("revocation-requires-certification", $"The certification is {c.Status}.");
        return new CertificationRevoked(c.Id, reason.Trim(), now);
    }

    public sealed record Notice(string? Reason, int? CureDays);

    /// <summary>A reviewer (never of the vendor's own member) or the secretariat gives notice of a non-conformance; 30 days to cure by default.</summary>
    public static NonConformanceNoticed Notify(Certification c, Actor actor, Notice r, DateTimeOffset now)
    {
        if (!actor.IsSecretariat && actor.MemberId == c.VendorId)
            throw new DomainRuleViolated("conflict-of-interest", "A reviewer cannot review a product of its own member.");
        var v = new Validation();
        v.Required("reason", r.Reason, 2000);
        if (r.CureDays is < 1 or > 365) v.Add("cureDays", "'cureDays' is between 1 and 365.");
        v.ThrowIfInvalid();
        if (c.Status != "certified") throw new DomainRuleViolated("notice-requires-certification", $"The certification is {c.Status}.");
        if (c.CureBy is not null) throw new DomainRuleViolated("notice-pending", "A non-conformance notice is already pending.");
        return new NonConformanceNoticed(c.Id, r.Reason!.Trim(), now.AddDays(r.CureDays ?? 30), actor.Describe(), now);
    }

    public static NonConformanceCured Cure(Certification c, Actor actor, string? evidenceUrl, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) actor.MustActFor(c.VendorId);
        var v = new Validation();
        v.HttpUrl("evidenceUrl", evidenceUrl, required: true);
        v.ThrowIfInvalid();
        if (c.CureBy is null) throw new DomainRuleViolated("no-notice-pending", "No non-conformance notice is pending.");
        if (now > c.CureBy) throw new DomainRuleViolated("cure-deadline-passed", $"The deadline {c.CureBy:yyyy-MM-dd} has passed.");
        return new NonConformanceCured(c.Id, evidenceUrl!, now);
    }

    /// <summary>A later-of certification with no end yet gets one when the next version has been ratified.</summary>
    public static CertificationValidityFixed? FixEnd(Certification c, Standard standard, DateTimeOffset now) =>
        c is { Status: "certified", ValidUntil: null, ValidFrom: { } from } && standard.Validity.Kind == "later-of"
        && CertificationValidity.Until(standard.Validity, standard, c.Version, from) is { } until && standard.Successor(c.Version) is { RatifiedAt: { } next } successor
            ? new CertificationValidityFixed(c.Id, until, successor.Version, next, now)
            : null;

    /// <summary>What the deadline worker records: expiry at valid-until, revocation when a notice was not cured in time.</summary>
    public static object? Due(Certification c, DateTimeOffset now) =>
        c.Status != "certified" ? null
        : c.CureBy is { } cureBy && cureBy <= now ? new CertificationRevoked(c.Id, $"Non-conformance not cured by {cureBy:yyyy-MM-dd}: {c.Notice}", cureBy)
        : c.ValidUntil is { } until && until <= now ? new CertificationExpired(c.Id, until)
        : null;
}
