using System.Diagnostics.Metrics;
using Dapper;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>A count of a service's read-model rows by one column (members by status…), exported as a gauge.</summary>
/// <param name="Name">The instrument's name ("alliance.members": alliance_members in Prometheus).</param>
/// <param name="Label">The label each row's key goes into ("status").</param>
/// <param name="Sql">Two columns: the key and its count.</param>
public sealed record DomainGauge(string Name, string Description, string Label, string Sql);

/// <summary>
/// The figures a scrape cannot compute cheaply itself, sampled every Telemetry:SampleSeconds (5 by default) and
/// served from memory at /metrics: each projection's and subscription's lag behind the event store's newest event
/// (events, and the age of the oldest event it has not processed), the outbox forwarder's last confirmed sequence
/// and lag, the "_error" queues' depths, and the service's domain gauges. A failed sample keeps the last figures.
/// </summary>
internal sealed class PlatformMetrics : BackgroundService
{
    private const string Outbox = "outbox-forwarder";
    private readonly IServiceProvider services;
    private readonly NpgsqlDataSource db;
    private readonly IReadOnlyList<DomainGauge> gauges;
    private readonly TimeSpan period;
    private readonly ILogger<PlatformMetrics> log;
    private Sample current = Sample.Empty;

    private sealed record Progress(string Name, long Sequence, long Behind, double Seconds);

    private sealed record Sample(long HighWaterMark, IReadOnlyList<Progress> Progress, IReadOnlyDictionary<string, uint> DeadLetters,
        IReadOnlyDictionary<string, IReadOnlyList<(string Key, long Count)>> Domain)
    {
        public static readonly Sample Empty = new(0, [], new Dictionary<string, uint>(), new Dictionary<string, IReadOnlyList<(string, long)>>());
    }

    public PlatformMetrics(IServiceProvider services, NpgsqlDataSource db, IEnumerable<DomainGauge> gauges, IConfiguration config,
        IMeterFactory meters, ILogger<PlatformMetrics> log)
    {
        this.services = services;
        this.db = db;
        this.gauges = gauges.ToList();
        this.log = log;
        period = TimeSpan.FromSeconds(config.GetValue("Telemetry:SampleSeconds", 5.0));
        var meter = meters.Create(Telemetry.Name);
        meter.CreateObservableGauge("alliance.events.high_water_mark", () => current.HighWaterMark, "{event}",
            "The sequence number of the newest event in the service's event store.");
        meter.CreateObservableGauge("alliance.projection.lag.events", () => Each(p => p.Name != Outbox, p => p.Behind), "{event}",
            "Events in the store that a projection or subscription has not processed yet.");
        meter.CreateObservableGauge("alliance.projection.lag", () => Each(p => p.Name != Outbox, p => p.Seconds), "s",
            "Age of the oldest event a projection or subscription has not processed yet (0 when caught up).");
        meter.CreateObservableGauge("alliance.outbox.confirmed_sequence", () => Each(p => p.Name == Outbox, p => p.Sequence), "{event}",
            "The last event sequence whose messages RabbitMQ confirmed (the outbox forwarder's checkpoint).");
        meter.CreateObservableGauge("alliance.outbox.lag.events", () => Each(p => p.Name == Outbox, p => p.Behind), "{event}",
            "Events stored but not yet forwarded to RabbitMQ.");
        meter.CreateObservableGauge("alliance.outbox.lag", () => Each(p => p.Name == Outbox, p => p.Seconds), "s",
            "Age of the oldest event not yet forwarded to RabbitMQ (0 when caught up).");
        meter.CreateObservableGauge("alliance.dead_letters", () => current.DeadLetters.Select(q =>
            new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))), "{message}",
            "Messages in each of the service's \"_error\" queues.");
        foreach (var gauge in this.gauges)
            meter.CreateObservableGauge(gauge.Name, () => (current.Domain.GetValueOrDefault(gauge.Name) ?? []).Select(x =>
                new Measurement<long>(x.Count, new KeyValuePair<string, object?>(gauge.Label, x.Key))), null, gauge.Description);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> rebuilding = new();

    /// <summary>Marks a projection as being rebuilt until the result is disposed (ReadModelRebuild).</summary>
    public static IDisposable Rebuilding(string projection)
    {
        rebuilding[projection] = true;
        return new Unmark(projection);
    }

    private sealed record Unmark(string Projection) : IDisposable
    {
        public void Dispose() => rebuilding.TryRemove(Projection, out _);
    }

    private IEnumerable<Measurement<T>> Each<T>(Func<Progress, bool> which, Func<Progress, T> value) where T : struct =>
        current.Progress.Where(which).Select(p => new Measurement<T>(value(p), new KeyValuePair<string, object?>("name", p.Name)));

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        // Samples begin once the host has started: nothing competes with the start for the database and the broker.
        var started = new TaskCompletionSource();
        using (services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(started.SetResult)) await started.Task.WaitAsync(ct);
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                current = await Take(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogDebug(e, "A metrics sample failed; the last figures stay");
            }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    private async Task<Sample> Take(CancellationToken ct)
    {
        var schema = services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;
        await using var connection = await db.OpenConnectionAsync(ct);
        var high = await connection.ExecuteScalarAsync<long?>($"select max(seq_id) from {schema}.mt_events") ?? 0;
        // The daemon's own rows (HighWaterMark, HighWaterAllocationFence) are not consumers of events.
        var checkpoints = (await connection.QueryAsync<(string Name, long Sequence)>(
                $"select name, last_seq_id from {schema}.mt_event_progression where name not like 'HighWater%'"))
            .ToDictionary(p => p.Name.EndsWith(":All", StringComparison.Ordinal) ? p.Name[..^4] : p.Name, p => p.Sequence);
        // Inline projections are written in the appending transaction: never behind, except while a rebuild replays
        // them (their checkpoint row is then the rebuild's). Async projections and subscriptions: their checkpoint.
        var options = (StoreOptions)services.GetRequiredService<IDocumentStore>().Options;
        var progress = new List<Progress>();
        // Marten lists the names quoted ('member-directory'); the checkpoint rows have them bare.
        foreach (var name in options.Projections.AllProjectionNames().Select(n => n.Trim('\'')).Union(checkpoints.Keys).Distinct())
        {
            var inline = options.Projections.TryFindProjection(name, out var source) && source.Lifecycle == JasperFx.Events.Projections.ProjectionLifecycle.Inline;
            var sequence = inline && !rebuilding.ContainsKey(name) ? high : checkpoints.GetValueOrDefault(name);
            // The oldest unprocessed event's age: the index on seq_id finds it at once.
            var seconds = sequence >= high ? 0 : await connection.ExecuteScalarAsync<double?>(
                $"select extract(epoch from now() - timestamp)::float8 from {schema}.mt_events where seq_id > @sequence order by seq_id limit 1", new { sequence }) ?? 0;
            progress.Add(new Progress(name, sequence, Math.Max(0, high - sequence), Math.Max(0, seconds)));
        }
        var domain = new Dictionary<string, IReadOnlyList<(string, long)>>();
        foreach (var gauge in gauges)
            domain[gauge.Name] = (await connection.QueryAsync<(string, long)>(gauge.Sql)).ToList();
        var deadLetters = services.GetService<DeadLetterHealthCheck>() is { } check ? await check.Count(ct) : current.DeadLetters;
        return new Sample(high, progress, deadLetters, domain);
    }
}

/// <summary>Counters incremented where the thing happens.</summary>
internal static class PlatformCounters
{
    private static readonly Meter Meter = new(Telemetry.Name);

    public static readonly Counter<long> IdempotencyReplays = Meter.CreateCounter<long>("alliance.idempotency.replays", "{response}",
        "Requests answered with the stored response of an earlier request with the same Idempotency-Key.");
}
