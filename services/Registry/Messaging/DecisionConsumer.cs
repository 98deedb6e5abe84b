using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Marten;

namespace Alliance.Registry.Messaging;

/// <summary>
/// Governance's decisions on what Registry asked for: project approvals and member expulsions. The answer is
/// appended to the subject's stream in the same transaction as the processed-message record; a decision on
/// a request that is no longer pending changes nothing.
/// </summary>
public sealed class DecisionConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<DecisionRecorded>
{
    public Task Consume(MassTransit.ConsumeContext<DecisionRecorded> context) =>
        processed.Once(context, "decisions", async (_, tx) =>
        {
            var d = context.Message;
            if (!Guid.TryParse(d.SubjectReference, out var subject)) return;
            await using var session = ProcessedMessages.Session(store, tx, context, $"governance/decision/{d.DecisionId}");
            var now = clock.GetUtcNow();
            switch (d.SubjectKind)
            {
                case "project-approval":
                    var project = await session.Events.FetchForWriting<Project>(subject, context.CancellationToken);
                    if (project.Aggregate is { } p && ProjectDecisions.Decided(p, d.RequestId, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now) is { } answer)
                        project.AppendOne(answer);
                    break;
                case "member-expulsion":
                    var member = await session.Events.FetchForWriting<Member>(subject, context.CancellationToken);
                    if (member.Aggregate is { } m && MemberLifecycle.Expelled(m, d.RequestId, d.DecisionId, d.Approved, d.Outcome, now) is { } expelled)
                    {
                        member.AppendOne(expelled);
                        if (expelled is MemberExpelled) await MemberLifecycle.LeaveProjects(session, tx.Connection!, subject, "member-expelled", now, context.CancellationToken);
                    }
                    break;
            }
            await session.SaveChangesAsync(context.CancellationToken);
        });
}
