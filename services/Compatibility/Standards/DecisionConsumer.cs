using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Marten;

namespace Alliance.Compatibility.Standards;

/// <summary>Governance's decision on a ratification or withdrawal request: the version is ratified, rejected or withdrawn.</summary>
public sealed class DecisionConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<DecisionRecorded>
{
    public Task Consume(MassTransit.ConsumeContext<DecisionRecorded> context) =>
        processed.Once(context, "decisions", (db, tx) =>
        {
            var d = context.Message;
            return !StandardAnswers.About(d.SubjectKind) ? Task.CompletedTask
                : StandardAnswers.Append(context, store, db, tx, d.SubjectReference, $"governance/decision/{d.DecisionId}",
                    (standard, version) => StandardDecisions.Decided(standard, version, d.RequestId, d.DecisionId, d.Approved, d.Outcome, clock.GetUtcNow()));
        });
}
