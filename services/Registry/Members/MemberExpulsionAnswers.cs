using Alliance.Contracts.Governance;
using Alliance.Registry.Messaging;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>
/// Governance's answers to a member-expulsion request, appended in the consumer's transaction (DecisionConsumer,
/// BallotRequestRefusedConsumer): expelled (and out of its projects) or not, or no longer pending when no ballot could be opened.
/// </summary>
public static class MemberExpulsionAnswers
{
    public static async Task Decided(IDocumentSession session, NpgsqlConnection db, Guid memberId, DecisionRecorded d, DateTimeOffset now, CancellationToken ct)
    {
        var answer = await GovernanceAnswers.AppendTo<Member>(session, memberId, m => MemberDecisions.Expelled(m, d.RequestId, d.DecisionId, d.Approved, d.Outcome, now), ct);
        if (answer is MemberExpelled) await MemberDeparture.LeaveProjects(session, db, memberId, "member-expelled", now, ct);
    }

    public static Task Refused(IDocumentSession session, Guid memberId, BallotRequestRefused r, DateTimeOffset now, CancellationToken ct) =>
        GovernanceAnswers.AppendTo<Member>(session, memberId, m => MemberDecisions.ExpulsionRefused(m, r.RequestId, r.Rule, r.Reason, now), ct);
}
