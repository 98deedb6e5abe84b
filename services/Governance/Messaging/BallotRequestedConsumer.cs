using Alliance.Contracts.Governance;
using Alliance.Governance.Ballots;
using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using MassTransit;

namespace Alliance.Governance.Messaging;

/// <summary>
/// Another service asks for a ballot. The ballot's id is the request id, so a request delivered twice opens
/// one ballot; the processed-message record and the new stream commit in one transaction.
/// </summary>
public sealed class BallotRequestedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock, ILogger<BallotRequestedConsumer> log)
    : IConsumer<BallotRequested>
{
    public Task Consume(ConsumeContext<BallotRequested> context) =>
        processed.Once(context, "ballot-requests", async (db, tx) =>
        {
            var r = context.Message;
            await using var session = ProcessedMessages.Session(store, tx, context, $"service/{r.RequestingService}/{r.RequestedBy}");
            if (await session.Events.FetchStreamStateAsync(r.RequestId, context.CancellationToken) is not null)
            {
                log.LogInformation("Ballot for request {RequestId} already open", r.RequestId);
                return;
            }
            var committeeId = r.CommitteeId ?? await db.ExecuteScalarAsync<Guid?>(
                "select committee_id from committees where purpose = @purpose order by created_at, committee_id limit 1", new { purpose = r.CommitteePurpose }, tx)
                ?? throw new DomainRuleViolated("no-committee", $"No committee for purpose '{r.CommitteePurpose}'.");
            var request = new BallotDecisions.Open(committeeId, r.SubjectTitle, r.Question, r.SubjectKind, r.RequestingService, r.SubjectReference,
                r.RuleProfile, null, r.ClosesAt, null);
            await OpenBallot.Start(session, db, r.RequestId, request, r.RequestId, clock.GetUtcNow(), context.CancellationToken);
            await session.SaveChangesAsync(context.CancellationToken);
        });
}
