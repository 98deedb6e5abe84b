using Alliance.Contracts;
using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using MassTransit;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>
/// Another service asks for a ballot, with its own BallotRequested (Registry's, Compatibility's: one namespace per
/// publisher, one shape, IBallotRequest). Wave 1's Governance.BallotRequested is still read for one release, so a
/// request in the queue during the upgrade is answered; all three share one processed-message name, so a request is
/// handled once whichever type carried it. The ballot's id is the request id, so a request delivered twice opens
/// one ballot; the processed-message record and the new stream commit in one transaction. A request a domain rule
/// refuses is answered, not retried: ballot_request_refused is recorded in the same transaction and published as
/// BallotRequestRefused, so the requester learns why and returns its subject to where it was. Only faults (the
/// database, a bug) are retried and, failing that, dead-lettered.
/// </summary>
public sealed class BallotRequestedConsumer(ProcessedMessages processed, IDocumentStore store, TimeProvider clock, ILogger<BallotRequestedConsumer> log)
    : IConsumer<Contracts.Registry.BallotRequested>, IConsumer<Contracts.Compatibility.BallotRequested>
#pragma warning disable CS0618 // the upgrade's reader of the obsolete wave-1 type, on purpose
    , IConsumer<Contracts.Governance.BallotRequested>
{
    public Task Consume(ConsumeContext<Contracts.Governance.BallotRequested> context) => Answer(context);
#pragma warning restore CS0618

    public Task Consume(ConsumeContext<Contracts.Registry.BallotRequested> context) => Answer(context);

    public Task Consume(ConsumeContext<Contracts.Compatibility.BallotRequested> context) => Answer(context);

    private Task Answer<T>(ConsumeContext<T> context) where T : class, IBallotRequest =>
        processed.Once(context, "ballot-requests", async (db, tx) =>
        {
            IBallotRequest r = context.Message;
            var ct = context.CancellationToken;
            await using var session = ProcessedMessages.Session(store, tx, context, $"service/{r.RequestingService}/{r.RequestedBy}");
            if (await session.Events.FetchStreamStateAsync(r.RequestId, ct) is not null
                || await session.Events.FetchStreamStateAsync(BallotRequestDecisions.RefusalStreamOf(r.RequestId), ct) is not null)
            {
                log.LogInformation("Ballot request {RequestId} already answered", r.RequestId);
                return;
            }
            var now = clock.GetUtcNow();
            try
            {
                await Open(session, db, tx, r, now, ct);
            }
            catch (Exception e) when (BallotRequestDecisions.Refuse(r.RequestId, r.RequestingService, r.SubjectKind, r.SubjectReference, e, now) is { } refused)
            {
                session.EjectAllPendingChanges();
                log.LogWarning("Ballot request {RequestId} ({SubjectKind} {SubjectReference}) refused: {Rule}: {Reason}",
                    r.RequestId, r.SubjectKind, r.SubjectReference, refused.Rule, refused.Reason);
                session.Events.StartStream(BallotRequestDecisions.RefusalStreamOf(r.RequestId), refused);
            }
            await session.SaveChangesAsync(ct);
        });

    private static async Task Open(IDocumentSession session, NpgsqlConnection db, NpgsqlTransaction tx, IBallotRequest r, DateTimeOffset now, CancellationToken ct)
    {
        var committeeId = r.CommitteeId ?? await db.ExecuteScalarAsync<Guid?>(
            "select committee_id from committees where purpose = @purpose order by created_at, committee_id limit 1", new { purpose = r.CommitteePurpose }, tx)
            ?? throw new DomainRuleViolated("no-committee",
                $"There is no committee with purpose '{r.CommitteePurpose}': the secretariat creates one (POST /committees) with voting seats, then the request can be made again.");
        var request = new BallotDecisions.Open(committeeId, r.SubjectTitle, r.Question, r.SubjectKind, r.RequestingService, r.SubjectReference,
            r.RuleProfile, null, r.ClosesAt, null);
        await BallotOpening.Start(session, db, r.RequestId, request, r.RequestId, now, ct);
    }
}
