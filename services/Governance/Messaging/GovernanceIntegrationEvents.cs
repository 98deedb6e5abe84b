using Alliance.Governance.Ballots;
using Alliance.Hosting;
using JasperFx.Events;
using Contract = Alliance.Contracts.Governance;

namespace Alliance.Governance.Messaging;

/// <summary>
/// The one place where Governance's stored events become contracts. Only ballots that another service asked
/// for (they carry a request id) are answered with BallotOpened and DecisionRecorded, or with BallotRequestRefused
/// when no ballot could be opened; a committee's chair goes to Compatibility, whose standards' committee chairs may
/// ask for ratification.
/// </summary>
public sealed class GovernanceIntegrationEvents : IIntegrationEvents
{
    public object? ToContract(IEvent stored) => stored.Data switch
    {
        BallotOpened { RequestId: { } requestId } e =>
            new Contract.BallotOpened(e.BallotId, requestId, e.Subject.Kind, e.Subject.Reference, e.CommitteeId, e.ClosesAt, e.OpenedAt),
        DecisionReached { RequestId: { } requestId } e => new Contract.DecisionRecorded(e.DecisionId, e.BallotId, requestId, e.Subject.Kind,
            e.Subject.Reference, e.Outcome, e.Approved, e.Explanation,
            new Contract.BallotTally(e.Tally.Yes, e.Tally.No, e.Tally.Abstain, e.Tally.NoPosition, e.Tally.Eligible, e.Tally.Recused), e.DecidedAt),
        Committees.CommitteeCreated e => new Contract.CommitteeChairChanged(e.CommitteeId, e.ChairMemberId, e.CreatedAt),
        BallotRequestRefused e => new Contract.BallotRequestRefused(e.RequestId, e.RequestingService, e.SubjectKind, e.SubjectReference, e.Rule, e.Reason, e.RefusedAt),
        _ => null,
    };
}
