using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class PolicyChangeRequestEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<PolicyChangeProposed>("policy_change_proposed", e => e.ProposedAt)
        .Add<PolicyChangeDecided>("policy_change_decided", e => e.DecidedAt);
}

// A proposal to change the policy: its own stream, decided by a policy-change ballot.

public sealed record PolicyChangeProposed(Guid ChangeId, Guid BallotId, PolicyChange[] Changes, string Reason, DateTimeOffset ProposedAt);

public sealed record PolicyChangeDecided(Guid ChangeId, Guid DecisionId, bool Approved, string Outcome, DateTimeOffset DecidedAt);

public sealed record PolicyChangeRequest(Guid Id, Guid BallotId, PolicyChange[] Changes, string Reason, string Status)
{
    public static PolicyChangeRequest Create(PolicyChangeProposed e) => new(e.ChangeId, e.BallotId, e.Changes, e.Reason, "pending");

    public PolicyChangeRequest Apply(PolicyChangeDecided e) => this with { Status = e.Approved ? "approved" : "rejected" };
}
