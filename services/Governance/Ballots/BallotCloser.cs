using Alliance.Hosting;
using Dapper;
using JasperFx;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>
/// Closes every open ballot whose closing time has passed, including those that passed while the service was
/// down: they close on restart. Each close is an optimistic-concurrency append, so when two instances (or a
/// vote and the closer) race, one wins and the ballot closes exactly once.
/// </summary>
public sealed class BallotCloser(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<BallotCloser> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMilliseconds(config.GetValue("Ballots:CloserIntervalMs", 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CloseDue(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Closing due ballots failed; retrying");
            }
            await Task.Delay(every, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public async Task CloseDue(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var due = await connection.QueryAsync<Guid>("select ballot_id from ballots where status = 'open' and closes_at <= @now order by closes_at limit 100",
            new { now = clock.GetUtcNow() });
        foreach (var id in due)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "schedule";
            var stream = await session.Events.FetchForWriting<Ballot>(id, ct);
            if (stream.Aggregate is not { Status: BallotStatus.Open } ballot) continue;
            stream.AppendMany(BallotDecisions.Close(ballot, "schedule", clock.GetUtcNow()));
            try
            {
                await session.SaveChangesAsync(ct);
                log.LogInformation("Ballot {BallotId} closed at its closing time", id);
            }
            catch (ConcurrencyException)
            {
                log.LogInformation("Ballot {BallotId} was changed concurrently; the next pass looks again", id);
            }
        }
    }
}
