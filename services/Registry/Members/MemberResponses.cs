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
