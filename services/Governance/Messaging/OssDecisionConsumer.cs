using Alliance.Contracts.Governance;
using Alliance.Governance.OpenSource;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;
using Marten;

namespace Alliance.Governance.Messaging;

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
                    if (exception.Aggregate is { Status: LicenceException.Pending } x && x.BallotId == d.BallotId)
                        exception.AppendOne(new LicenceExceptionDecided(x.Id, d.DecisionId, d.Approved ? LicenceException.Approved : LicenceException.Denied, d.Explanation, now));
                    break;
                case OssBallots.PolicyChange:
                    var change = await session.Events.FetchForWriting<PolicyChangeRequest>(subject, ct);
                    if (change.Aggregate is not { Status: "pending" } c || c.BallotId != d.BallotId) break;
                    change.AppendOne(new PolicyChangeDecided(c.Id, d.DecisionId, d.Approved, d.Outcome, now));
                    if (d.Approved)
                    {
                        // The policy is one stream: approved changes take turns on it, each recorded against the policy as it then is.
                        var policy = await session.Events.FetchForExclusiveWriting<LicencePolicy>(LicencePolicy.StreamId, ct);
                        var changes = c.Changes.Select(x => x with { From = policy.Aggregate!.Entries.GetValueOrDefault(x.Key.ToLowerInvariant())?.Category }).ToArray();
                        policy.AppendOne(new LicencePolicyChanged(LicencePolicy.StreamId, c.Id, d.DecisionId, changes, c.Reason, now));
                    }
                    break;
            }
            await session.SaveChangesAsync(ct);
        });
}
