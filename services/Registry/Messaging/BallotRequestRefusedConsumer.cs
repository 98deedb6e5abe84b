using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Marten;

namespace Alliance.Registry.Messaging;

/// <summary>
/// Governance could not open a ballot Registry asked for: the project goes back to proposed, or the member's expulsion
/// request is no longer pending, each with the rule and the reason in its history. Recorded in the same transaction as
/// the processed-message record; a refusal of a request that is no longer pending changes nothing.
/// </summary>
public sealed class BallotRequestRefusedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<BallotRequestRefused>
{
    public Task Consume(MassTransit.ConsumeContext<BallotRequestRefused> context) =>
        processed.Once(context, "ballot-request-refusals", async (_, tx) =>
        {
            var r = context.Message;
            if (r.RequestingService != "registry" || !Guid.TryParse(r.SubjectReference, out var subject)) return;
            await using var session = ProcessedMessages.Session(store, tx, context, $"governance/refusal/{r.RequestId}");
            var now = clock.GetUtcNow();
            switch (r.SubjectKind)
            {
                case "project-approval":
                    var project = await session.Events.FetchForWriting<Project>(subject, context.CancellationToken);
                    if (project.Aggregate is { } p && ProjectDecisions.Refused(p, r.RequestId, r.Rule, r.Reason, now) is { } refused) project.AppendOne(refused);
                    break;
                case "member-expulsion":
                    var member = await session.Events.FetchForWriting<Member>(subject, context.CancellationToken);
                    if (member.Aggregate is { } m && MemberLifecycle.ExpulsionRefused(m, r.RequestId, r.Rule, r.Reason, now) is { } no) member.AppendOne(no);
                    break;
            }
            await session.SaveChangesAsync(context.CancellationToken);
        });
}
