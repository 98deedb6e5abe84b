namespace Alliance.Contracts.Governance;

// Subject kinds: standard-version-ratification, standard-version-withdrawal, project-approval,
// member-expulsion, oss-stage-change, licence-exception, policy-change, generic.

/// <summary>
/// A service asks Governance for a ballot. RequestId is the idempotency key: a request delivered
/// twice opens one ballot. Each publisher sends this same shape (it is defined once, here).
/// </summary>
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
    DateTimeOffset RequestedAt);

public sealed record BallotOpened(
    Guid BallotId,
    Guid RequestId,
    string SubjectKind,
    string SubjectReference,
    Guid CommitteeId,
    DateTimeOffset ClosesAt,
    DateTimeOffset OpenedAt);

public sealed record BallotTally(int Yes, int No, int Abstain, int NotVoted, int Eligible, int Recused);

/// <summary>Approved is true only for outcome "approved"; any other outcome is the reason for a rejection.</summary>
public sealed record DecisionRecorded(
    Guid DecisionId,
    Guid BallotId,
    Guid RequestId,
    string SubjectKind,
    string SubjectReference,
    string Outcome,
    bool Approved,
    string Explanation,
    BallotTally Tally,
    DateTimeOffset DecidedAt);
