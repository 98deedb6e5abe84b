using Alliance.Compatibility.Standards;
using Alliance.Contracts.Governance;
using Alliance.Hosting;
using Dapper;
using Marten;

namespace Alliance.Compatibility.Messaging;

/// <summary>
/// Governance could not open a ballot Compatibility asked for (the subject reference is CODE/VERSION): a version put to
/// ratification returns to where it was, a withdrawal request is no longer pending; the rule and reason stay in the
/// standard's history and on the version. A refusal of a request that is not pending changes nothing.
/// </summary>
public sealed class BallotRequestRefusedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock) : MassTransit.IConsumer<BallotRequestRefused>
{
    public Task Consume(MassTransit.ConsumeContext<BallotRequestRefused> context) =>
        processed.Once(context, "ballot-request-refusals", async (db, tx) =>
        {
            var r = context.Message;
            if (r.RequestingService != "compatibility" || r.SubjectKind is not ("standard-version-ratification" or "standard-version-withdrawal")
                || r.SubjectReference.Split('/') is not [var code, var version]) return;
            var standardId = await db.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @code", new { code }, tx);
            if (standardId is null) return;
            await using var session = ProcessedMessages.Session(store, tx, context, $"governance/refusal/{r.RequestId}");
            var stream = await session.Events.FetchForWriting<Standard>(standardId.Value, context.CancellationToken);
            if (stream.Aggregate is { } s && StandardDecisions.Refused(s, version, r.RequestId, r.Rule, r.Reason, clock.GetUtcNow()) is { } refused)
                stream.AppendOne(refused);
            await session.SaveChangesAsync(context.CancellationToken);
        });
}
