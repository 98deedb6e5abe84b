using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Marten;

namespace Alliance.Registry.Messaging;

/// <summary>Governance's decisions on what Registry asked for: project approvals and member expulsions.</summary>
public sealed class DecisionConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<DecisionRecorded>
{
    public Task Consume(MassTransit.ConsumeContext<DecisionRecorded> context) =>
        processed.Once(context, "decisions", (_, tx) =>
        {
            var d = context.Message;
            var (now, ct) = (clock.GetUtcNow(), context.CancellationToken);
            return GovernanceAnswers.Answer(context, store, tx, d.SubjectReference, $"governance/decision/{d.DecisionId}", async (session, subject) =>
            {
                switch (d.SubjectKind)
                {
                    case "project-approval":
                        await GovernanceAnswers.AppendTo<Project>(session, subject, p => ProjectDecisions.Decided(p, d.RequestId, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now), ct);
                        break;
                    case "member-expulsion":
                        var answer = await GovernanceAnswers.AppendTo<Member>(session, subject, m => MemberDecisions.Expelled(m, d.RequestId, d.DecisionId, d.Approved, d.Outcome, now), ct);
                        if (answer is MemberExpelled) await MemberDeparture.LeaveProjects(session, tx.Connection!, subject, "member-expelled", now, ct);
                        break;
                }
            });
        });
}
