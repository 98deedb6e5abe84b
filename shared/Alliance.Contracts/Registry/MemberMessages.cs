namespace Alliance.Contracts.Registry;

// Published by Registry. Fields are only ever added, never renamed or removed:
// MassTransit routes by "urn:message:Alliance.Contracts.Registry:<Type>".
// Kind: company | university | institute | other. Tier: strategic | general | academic | observer.

public sealed record MemberAdmitted(
    Guid MemberId, string Name, string Kind, string Tier, string Country, DateTimeOffset AdmittedAt);

public sealed record MemberTierChanged(
    Guid MemberId, string Name, string Kind, string Tier, string Country, DateTimeOffset ChangedAt);

public sealed record MemberRenamed(
    Guid MemberId, string Name, string Kind, string Tier, string Country, DateTimeOffset RenamedAt);

public sealed record MemberSuspended(
    Guid MemberId, string Name, string Kind, string Tier, string Country, string Reason, DateTimeOffset SuspendedAt);

public sealed record MemberReinstated(
    Guid MemberId, string Name, string Kind, string Tier, string Country, DateTimeOffset ReinstatedAt);

public sealed record MemberWithdrew(
    Guid MemberId, string Name, string Kind, string Tier, string Country, string? Reason, DateTimeOffset WithdrewAt);

public sealed record MemberExpelled(
    Guid MemberId, string Name, string Kind, string Tier, string Country, string Reason, DateTimeOffset ExpelledAt);

/// <summary>A credential (OAuth client) of a member was revoked: services refuse its open tokens.</summary>
public sealed record MemberCredentialRevoked(Guid MemberId, string ClientId, DateTimeOffset RevokedAt);
