namespace Alliance.Contracts.Market;

// Published by Market. Fields are only ever added, never renamed or removed:
// MassTransit routes by "urn:message:Alliance.Contracts.Market:<Type>".
// Both sides of a lease are named (provider: the site's member; requester: the request's member), so a webhook reaches each.

public sealed record LeaseCreated(
    Guid LeaseId, Guid SiteId, Guid OfferId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId, string ResourceClass, long Units,
    decimal PricePerUnitHour, string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset CreatedAt);

/// <summary>Reason: window-ended, provider, requester, secretariat. UsageUnitHours is a record of use; no money moves.</summary>
public sealed record LeaseClosed(
    Guid LeaseId, Guid SiteId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId, string Reason, decimal UsageUnitHours, DateTimeOffset ClosedAt);

/// <summary>A trait the request required (Trait, e.g. "CERT:ACI@1.0") is gone during the lease: the certification ended (Status revoked, expired, lapsed).</summary>
public sealed record LeaseAtRisk(
    Guid LeaseId, Guid SiteId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId, string Trait, Guid CertificationId, string CertificationStatus,
    DateTimeOffset At);
