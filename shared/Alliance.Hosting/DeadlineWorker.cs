using Dapper;
using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Appends what falls due by the clock (a ballot's closing time, a certification's expiry): every interval it
/// asks its read model for the streams due now, decides on each from its events, and appends with optimistic
/// concurrency, so a deadline that passed while the service was down is met once after the restart, and when
/// two instances (or a command and the worker) race, one wins and the next pass finds nothing left. With several
/// instances only one runs the passes at a time (Leadership, named after the worker's class).
/// </summary>
public abstract class DeadlineWorker<T>(IDocumentStore store, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger log, Leadership leadership) : BackgroundService
    where T : class
{
    /// <summary>The read models' database, for a DecideAsync that needs to look something up.</summary>
    protected NpgsqlDataSource Database => db;

    /// <summary>SQL returning up to 100 ids of streams that may be due at @now.</summary>
    protected abstract string DueSql { get; }

    protected abstract string IntervalSetting { get; }

    /// <summary>What is due for this stream now (no events: nothing, after all).</summary>
    protected abstract object[] Decide(T state, DateTimeOffset now);

    /// <summary>Where deciding needs more than the stream (another stream's state), read it here; by default, Decide.</summary>
    protected virtual Task<object[]> DecideAsync(IDocumentSession session, T state, DateTimeOffset now, CancellationToken ct) => Task.FromResult(Decide(state, now));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunWhileLeader(GetType().Name, Passes, stoppingToken);

    private async Task Passes(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMilliseconds(config.GetValue(IntervalSetting, 1000));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnce(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Deadline pass of {Stream} failed; retrying", typeof(T).Name);
            }
            await Task.Delay(every, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public async Task RunOnce(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        foreach (var id in await connection.QueryAsync<Guid>(DueSql, new { now = clock.GetUtcNow() }))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "schedule";
            var stream = await session.Events.FetchForWriting<T>(id, ct);
            if (stream.Aggregate is not { } state || await DecideAsync(session, state, clock.GetUtcNow(), ct) is not { Length: > 0 } events) continue;
            await FaultHooks.Pause(FaultHooks.DeadlineAfterFetch, ct); // the fault tests hold two instances here at once
            stream.AppendMany(events);
            try
            {
                await session.SaveChangesAsync(ct);
                log.LogInformation("{Stream} {Id}: {Events} recorded on schedule", typeof(T).Name, id, string.Join(", ", events.Select(e => e.GetType().Name)));
            }
            catch (ConcurrencyException)
            {
                log.LogInformation("{Stream} {Id} changed concurrently; the next pass looks again", typeof(T).Name, id);
            }
        }
        // At Debug only (a line a second): tests count passes to show that later ones find nothing left to do.
        log.LogDebug("{Stream} deadline pass done", typeof(T).Name);
    }
}
