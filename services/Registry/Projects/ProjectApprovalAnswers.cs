using Alliance.Contracts.Governance;
using Alliance.Registry.Messaging;
using Marten;

namespace Alliance.Registry.Projects;

/// <summary>
/// Governance's answers to a project's approval request, appended in the consumer's transaction (DecisionConsumer,
/// BallotRequestRefusedConsumer): approved or rejected, or back to proposed when no ballot could be opened.
/// </summary>
public static class ProjectApprovalAnswers
{
    public static Task Decided(IDocumentSession session, Guid projectId, DecisionRecorded d, DateTimeOffset now, CancellationToken ct) =>
        GovernanceAnswers.AppendTo<Project>(session, projectId, p => ProjectDecisions.Decided(p, d.RequestId, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now), ct);

    public static Task Refused(IDocumentSession session, Guid projectId, BallotRequestRefused r, DateTimeOffset now, CancellationToken ct) =>
        GovernanceAnswers.AppendTo<Project>(session, projectId, p => ProjectDecisions.Refused(p, r.RequestId, r.Rule, r.Reason, now), ct);
}
