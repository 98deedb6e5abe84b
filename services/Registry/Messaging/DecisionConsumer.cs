using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Marten;

namespace Alliance.Registry.Messaging;

/// <summary>
/// Governance's decisions on what Registry asked for: project approvals (ProjectApprovalAnswers) and member expulsions
/// (MemberExpulsionAnswers). One consumer for both: its class name is its queue's (registry-decision).
/// </summary>
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
                        await ProjectApprovalAnswers.Decided(session, subject, d, now, ct);
                        break;
                    case "member-expulsion":
                        await MemberExpulsionAnswers.Decided(session, tx.Connection!, subject, d, now, ct);
                        break;
                }
            });
        });
}
