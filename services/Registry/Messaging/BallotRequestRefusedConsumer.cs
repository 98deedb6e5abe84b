using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Marten;

namespace Alliance.Registry.Messaging;

/// <summary>
/// Governance could not open a ballot Registry asked for: the project goes back to proposed, or the member's expulsion
/// request is no longer pending, each with the rule and the reason in its history (ProjectApprovalAnswers, MemberExpulsionAnswers).
/// One consumer for both: its class name is its queue's (registry-ballot-request-refused).
/// </summary>
public sealed class BallotRequestRefusedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<BallotRequestRefused>
{
    public Task Consume(MassTransit.ConsumeContext<BallotRequestRefused> context) =>
        processed.Once(context, "ballot-request-refusals", (_, tx) =>
        {
            var r = context.Message;
            var (now, ct) = (clock.GetUtcNow(), context.CancellationToken);
            if (r.RequestingService != "registry") return Task.CompletedTask;
            return GovernanceAnswers.Answer(context, store, tx, r.SubjectReference, $"governance/refusal/{r.RequestId}", async (session, subject) =>
            {
                switch (r.SubjectKind)
                {
                    case "project-approval":
                        await ProjectApprovalAnswers.Refused(session, subject, r, now, ct);
                        break;
                    case "member-expulsion":
                        await MemberExpulsionAnswers.Refused(session, subject, r, now, ct);
                        break;
                }
            });
        });
}
