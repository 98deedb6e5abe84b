namespace Alliance.Contracts.Governance;

/// <summary>
/// The ballot request of wave 1, when every requester published Governance's type. Nobody publishes it any more
/// (Registry.BallotRequested and Compatibility.BallotRequested, one namespace per publisher); Governance still consumes
/// it for one release, so a request still in its queue during the upgrade is answered. Removed in the release after.
/// </summary>
[Obsolete("Publish your own service's BallotRequested (Alliance.Contracts.<Publisher>); this type is only read, for the upgrade.")]
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
