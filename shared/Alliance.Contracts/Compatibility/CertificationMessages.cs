namespace Alliance.Contracts.Compatibility;

// Published by Compatibility. Fields are only ever added, never renamed or removed:
// MassTransit routes by "urn:message:Alliance.Contracts.Compatibility:<Type>".

/// <summary>
/// A certification came into force or ended, self-contained so that a consumer needs no earlier message:
/// Status certified (granted, or its end date became known: ValidUntil changed), revoked, expired or lapsed.
/// ProductType is the product's type when the status changed (chip, accelerator, server, …). Reason: why it
/// ended (revoked, lapsed), else null. ChangedAt is the business time of the change.
/// </summary>
public sealed record CertificationStatusChanged(
    Guid CertificationId, Guid ProductId, string ProductName, string ProductType, Guid VendorId, string StandardCode, string Version,
    string Status, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, string? Reason, DateTimeOffset ChangedAt);

/// <summary>A standard version was ratified or withdrawn (Status ratified | withdrawn), by a decision when DecisionId is set.</summary>
public sealed record StandardVersionStatusChanged(
    Guid StandardId, string Code, string Version, string Status, Guid? DecisionId, DateTimeOffset ChangedAt);
