using Alliance.Contracts.Governance;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;
using Marten;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// Decisions of the open-source committee come back as DecisionRecorded (Governance consumes its own
/// publication, like any other service would): a stage moves, an exception is approved or denied, the policy
/// changes. Each answer commits with the processed-message record; a decision on something no longer pending changes nothing.
/// </summary>
public sealed class OssDecisionConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<DecisionRecorded>
{
    public Task Consume(MassTransit.ConsumeContext<DecisionRecorded> context) =>
        processed.Once(context, "oss-decisions", async (_, tx) =>
        {
            var d = context.Message;
            if (d.SubjectKind is not (OssBallots.StageChange or OssBallots.LicenceException or OssBallots.PolicyChange)) return;
            if (!Guid.TryParse(d.SubjectReference, out var subject)) return;
            await using var session = ProcessedMessages.Session(store, tx, context, $"governance/decision/{d.DecisionId}");
            var now = clock.GetUtcNow();
            var ct = context.CancellationToken;
            switch (d.SubjectKind)
            {
                case OssBallots.StageChange:
                    var project = await session.Events.FetchForWriting<OssProject>(subject, ct);
                    if (project.Aggregate is { } p && OssProjectDecisions.Decided(p, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now) is { } moved)
                        project.AppendOne(moved);
                    break;
                case OssBallots.LicenceException:
                    var exception = await session.Events.FetchForWriting<LicenceException>(subject, ct);
                    if (exception.Aggregate is { } x && LicenceExceptionDecisions.Decided(x, d.BallotId, d.DecisionId, d.Approved, d.Explanation, now) is { } decided)
                        exception.AppendOne(decided);
                    break;
                case OssBallots.PolicyChange:
                    var change = await session.Events.FetchForWriting<PolicyChangeRequest>(subject, ct);
                    if (change.Aggregate is not { } c || PolicyChangeDecisions.Decided(c, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now) is not { } answered) break;
                    change.AppendOne(answered);
                    if (d.Approved)
                    {
                        // The policy is one stream: approved changes take turns on it, each recorded against the policy as it then is.
                        var policy = await session.Events.FetchForExclusiveWriting<LicencePolicy>(LicencePolicy.StreamId, ct);
                        policy.AppendOne(LicencePolicyDecisions.Change(policy.Aggregate!, c, d.DecisionId, now));
                    }
                    break;
            }
            await session.SaveChangesAsync(ct);
        });
}
