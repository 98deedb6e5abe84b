using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Marten;

namespace Alliance.Compatibility.Standards;

/// <summary>
/// Governance could not open a ballot Compatibility asked for: a version put to ratification returns to where it was, a
/// withdrawal request is no longer pending; the rule and reason stay in the standard's history and on the version.
/// </summary>
public sealed class BallotRequestRefusedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<BallotRequestRefused>
{
    public Task Consume(MassTransit.ConsumeContext<BallotRequestRefused> context) =>
        processed.Once(context, "ballot-request-refusals", (db, tx) =>
        {
            var r = context.Message;
            return r.RequestingService != "compatibility" || !StandardAnswers.About(r.SubjectKind) ? Task.CompletedTask
                : StandardAnswers.Append(context, store, db, tx, r.SubjectReference, $"governance/refusal/{r.RequestId}",
                    (standard, version) => StandardDecisions.Refused(standard, version, r.RequestId, r.Rule, r.Reason, clock.GetUtcNow()));
        });
}
