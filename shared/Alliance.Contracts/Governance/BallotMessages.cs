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

/// <summary>
/// Governance's answer to a BallotRequested it could not open (no such committee, no voting seat held by a member in
/// good standing, an unknown profile, a closing time out of bounds, any other domain rule): no ballot exists for the
/// request, and the requester returns its subject to the state before the request. Rule is a stable code
/// (no-committee, ballot-needs-voters, unknown-rule-profile, closing-time-out-of-bounds, invalid-request, …); Reason
/// says it in words. A request is answered exactly one way: BallotOpened (then DecisionRecorded) or this.
/// </summary>
public sealed record BallotRequestRefused(
    Guid RequestId,
    string RequestingService,
    string SubjectKind,
    string SubjectReference,
    string Rule,
    string Reason,
    DateTimeOffset RefusedAt);
