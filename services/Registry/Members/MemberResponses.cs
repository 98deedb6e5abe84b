namespace Alliance.Registry.Members;

// What the member commands answer, as named types so that a client generated from the OpenAPI document has them.

/// <summary>The member's status after a command (admitted again, withdrawn).</summary>
public sealed record MemberStanding(Guid MemberId, string Status);

/// <summary>A suspension, with the credentials it revoked.</summary>
public sealed record MemberSuspension(Guid MemberId, string Status, string[] RevokedClientIds);

/// <summary>What an erasure removed: the names of the personal fields now unreadable.</summary>
public sealed record MemberErasure(Guid MemberId, string[] ErasedFields);

/// <summary>A request sent to Governance for a ballot; the member's status until the decision arrives.</summary>
public sealed record MemberBallotRequest(Guid MemberId, Guid RequestId, string Status);

/// <summary>An application received: the new member's id, status "applied".</summary>
public sealed record ApplicationReceived(Guid MemberId, string Status);

/// <summary>An admission: status "admitted" at the tier given.</summary>
public sealed record MemberAdmission(Guid MemberId, string Status, string Tier);

/// <summary>A credential just issued: its secret is shown only in this answer.</summary>
public sealed record Issued(string ClientId, string ClientSecret, string Role, Guid MemberId);

/// <summary>A credential as listed, without its secret.</summary>
public sealed record CredentialView(string ClientId, string Role, string? Label, DateTime IssuedAt, DateTime? RevokedAt);
