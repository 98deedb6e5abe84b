namespace Alliance.Contracts.Compatibility;

/// <summary>Compatibility asks Governance for a ballot (standard-version-ratification, standard-version-withdrawal); Governance answers with
/// BallotOpened then DecisionRecorded, or BallotRequestRefused. The fields are IBallotRequest's.</summary>
public sealed record BallotRequested(
    Guid RequestId,
    string RequestingService,
    string SubjectKind,
    string SubjectReference,
    string SubjectTitle,
    Guid? CommitteeId,
    string? CommitteePurpose,
    string? RuleProfile,
    string Question,
    DateTimeOffset? ClosesAt,
    string RequestedBy,
    DateTimeOffset RequestedAt) : IBallotRequest;
