using Alliance.Compatibility.Standards;
using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Dapper;
using Marten;

namespace Alliance.Compatibility.Messaging;

/// <summary>Governance's decision on a ratification request: the version is ratified or rejected (the subject reference is CODE/VERSION).</summary>
public sealed class DecisionConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<DecisionRecorded>
{
    public Task Consume(MassTransit.ConsumeContext<DecisionRecorded> context) =>
        processed.Once(context, "decisions", async (db, tx) =>
        {
            var d = context.Message;
            if (d.SubjectKind is not ("standard-version-ratification" or "standard-version-withdrawal") || d.SubjectReference.Split('/') is not [var code, var version]) return;
            var standardId = await db.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @code", new { code }, tx);
            if (standardId is null) return;
            await using var session = ProcessedMessages.Session(store, tx, context, $"governance/decision/{d.DecisionId}");
            var stream = await session.Events.FetchForWriting<Standard>(standardId.Value, context.CancellationToken);
            if (stream.Aggregate is { } s && StandardDecisions.Decided(s, version, d.RequestId, d.DecisionId, d.Approved, d.Outcome, clock.GetUtcNow()) is { } answer)
                stream.AppendOne(answer);
            await session.SaveChangesAsync(context.CancellationToken);
        });
}
