namespace Alliance.Contracts;

// Subject kinds: standard-version-ratification, standard-version-withdrawal, project-approval,
// member-expulsion, oss-stage-change, licence-exception, policy-change, generic.

/// <summary>
/// The shape of a ballot request, which Governance answers whoever asks. Each requesting service publishes its own
/// BallotRequested record in its own namespace (one namespace per publisher: Registry.BallotRequested,
/// Compatibility.BallotRequested) with exactly these fields; this interface only lets Governance read them in one
/// place. It is not a message: nobody consumes it. RequestId is the idempotency key: a request delivered twice opens
/// one ballot.
/// </summary>
public interface IBallotRequest
{
    Guid RequestId { get; }
    string RequestingService { get; }
    string SubjectKind { get; }
    string SubjectReference { get; }
    string SubjectTitle { get; }
    Guid? CommitteeId { get; }
    string? CommitteePurpose { get; }
    string? RuleProfile { get; }
    string Question { get; }
    DateTimeOffset? ClosesAt { get; }
    string RequestedBy { get; }
    DateTimeOffset RequestedAt { get; }
}
