using Alliance.Hosting;

namespace Alliance.Compatibility.Certifications;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class CertificationEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<CertificationSubmitted>("certification_submitted", e => e.SubmittedAt)
        .Add<CertificationGranted>("certification_granted", e => e.ValidFrom)
        .Add<CertificationRejected>("certification_rejected", e => e.RejectedAt)
        .Add<CertificationRevoked>("certification_revoked", e => e.RevokedAt)
        .Add<CertificationValidityFixed>("certification_validity_fixed", e => e.FixedAt)
        .Add<CertificationExpired>("certification_expired", e => e.ExpiredAt)
        .Add<CertificationLapsed>("certification_lapsed", e => e.LapsedAt)
        .Add<NonConformanceNoticed>("non_conformance_noticed", e => e.NoticedAt)
        .Add<NonConformanceCured>("non_conformance_cured", e => e.CuredAt);
}

// The Certification stream: a product version against a standard version, from submission to its end.

/// <summary>Outcome: pass, fail or not-applicable (with a justification).</summary>
public sealed record RequirementResult(string RequirementId, string Outcome, string? Justification, string? EvidenceUrl, string? Notes);

/// <summary>ChecksFailed lists every automatic check that failed, with its reason; a certification with failures cannot be granted.</summary>
public sealed record CertificationSubmitted(
    Guid CertificationId, Guid ProductId, Guid VendorId, string ProductVersion, string StandardCode, string Version, RequirementResult[] Results,
    string? ReportSha256, string[] ChecksFailed, string SubmittedBy, DateTimeOffset SubmittedAt, string? Source = null);

/// <summary>ValidFrom is the business time it took effect; ValidUntil follows the standard's rule (null: no fixed end yet).</summary>
public sealed record CertificationGranted(
    Guid CertificationId, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, string Reviewer, DateTimeOffset GrantedAt, string? Source = null, bool BusinessTimeAssumed = false);

public sealed record CertificationRejected(Guid CertificationId, string[] Reasons, string Reviewer, DateTimeOffset RejectedAt);

public sealed record CertificationRevoked(Guid CertificationId, string Reason, DateTimeOffset RevokedAt);

/// <summary>
/// Under a later-of rule the end becomes known when the next version (Successor) is ratified: the later of the rule's
/// two dates. Recorded on the certification's own stream, so its expiry falls due from its own events.
/// </summary>
public sealed record CertificationValidityFixed(Guid CertificationId, DateTimeOffset ValidUntil, string Successor, DateTimeOffset SuccessorRatifiedAt, DateTimeOffset FixedAt);

public sealed record CertificationExpired(Guid CertificationId, DateTimeOffset ExpiredAt);

/// <summary>A prerequisite certification of the product ended, so this one ends with it.</summary>
public sealed record CertificationLapsed(Guid CertificationId, string Reason, DateTimeOffset LapsedAt);

/// <summary>A non-conformance was found: the vendor must cure it by CureBy, or the certification is revoked.</summary>
public sealed record NonConformanceNoticed(Guid CertificationId, string Reason, DateTimeOffset CureBy, string NoticedBy, DateTimeOffset NoticedAt);

public sealed record NonConformanceCured(Guid CertificationId, string EvidenceUrl, DateTimeOffset CuredAt);

/// <summary>Status: submitted, checks-failed, certified, rejected, revoked, expired, lapsed. CureBy: a pending non-conformance notice.</summary>
public sealed record Certification(
    Guid Id, Guid ProductId, Guid VendorId, string StandardCode, string Version, string Status, DateTimeOffset? ValidUntil, DateTimeOffset? CureBy = null, string? Notice = null,
    DateTimeOffset? ValidFrom = null)
{
    public static Certification Create(CertificationSubmitted e) =>
        new(e.CertificationId, e.ProductId, e.VendorId, e.StandardCode, e.Version, e.ChecksFailed.Length > 0 ? "checks-failed" : "submitted", null);

    public Certification Apply(CertificationGranted e) => this with { Status = "certified", ValidUntil = e.ValidUntil, ValidFrom = e.ValidFrom };
    public Certification Apply(CertificationValidityFixed e) => this with { ValidUntil = e.ValidUntil };
    public Certification Apply(CertificationRejected e) => this with { Status = "rejected" };
    public Certification Apply(CertificationRevoked e) => this with { Status = "revoked", CureBy = null };
    public Certification Apply(NonConformanceNoticed e) => this with { CureBy = e.CureBy, Notice = e.Reason };
    public Certification Apply(NonConformanceCured e) => this with { CureBy = null, Notice = null };
    public Certification Apply(CertificationExpired e) => this with { Status = "expired" };
    public Certification Apply(CertificationLapsed e) => this with { Status = "lapsed", CureBy = null };
}
