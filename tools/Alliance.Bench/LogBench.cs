using System.Diagnostics;
using Alliance.Contracts.Log;
using Alliance.Transparency;
using Alliance.Transparency.Service.Log;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alliance.Bench;

/// <summary>
/// T1-T3, the transparency log (issue 21). T1: EventRecorded envelopes, the contract every forwarder publishes, queued on
/// the platform's RabbitMQ by the bench while the Transparency service is stopped, then drained by it; the rate is the
/// log's own size read from log_head from the first leaf of the drain to the last, against raw binary COPY of the same rows. T2: receipts for random event ids at 1,000,000 leaves, open loop. T3: P1's command
/// with Transparency running against the same with its process stopped (SIGSTOP), in the same run.
/// </summary>
public sealed class LogBench(Setup setup, string repo)
{
    public const double ReceiptRate = 100;   // receipts a second: members fetching theirs, not a flood
    private const int Batch = EventRecordedConsumerDefinition.BatchSize;
    private const int Fill = 150_000;        // T1's queue: 30 s of the target's drain, bounded so the broker's memory is not the measure
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));
    // T1's longest stop of the service: RabbitMQ closes a connection silent for its heartbeat timeout (60 s by default).
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private string Database => setup.ServiceDatabase("transparency");

    // The data hash of an envelope: SHA-256 of {} (the log commits to a hash; which one does not change its cost).
    private static readonly string EmptyData = LogLeaf.DataHash("{}");

    private static EventRecorded Envelope() =>
        new("bench", Guid.NewGuid().ToString("D"), 1, Guid.CreateVersion7(), "bench_recorded", DateTimeOffset.UtcNow, EmptyData);

    public async Task<long> Size()
    {
        await using var db = NpgsqlDataSource.Create(Database);
        await using var size = db.CreateCommand("select tree_size from log_head where id = 1");
        return (long)(await size.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// One run of T1. The Transparency process is stopped (SIGSTOP: its consumer takes nothing) while eight publishers put
    /// envelopes on the broker, as fast as it confirms them, for at most <see cref="Window"/> or <see cref="Fill"/> of
    /// them; then it is continued and the drain is timed from the first leaf appended to the last of them. So the rate is
    /// the log's (consumer, appender, database) with a full queue before it all along, not the publishers'. P95 holds the
    /// queue at the drain's start, P99 the publishing rate; Errors counts the envelopes not in the log exactly once after.
    /// </summary>
    public async Task<Sample> DrainAfterFill(Broker broker)
    {
        await Broker.Drained(TimeSpan.FromMinutes(2));   // the log caught up: the queue holds only what is published here
        var start = await Size();
        var ids = new List<Guid>();
        var published = 0L;
        var fill = Stopwatch.StartNew();
        Signal(TransparencyPid(), "STOP");
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (fill.Elapsed < Window && Interlocked.Read(ref published) < Fill)
                {
                    var envelopes = Enumerable.Range(0, 250).Select(_ => Envelope()).ToList();
                    await broker.Bus.PublishBatch(envelopes);
                    lock (ids) ids.AddRange(envelopes.Select(e => e.EventId));
                    Interlocked.Add(ref published, envelopes.Count);
                }
            })));
        }
        finally { Signal(TransparencyPid(), "CONT"); }
        var publishRate = published / fill.Elapsed.TotalSeconds;
        var patience = Stopwatch.StartNew();
        long size;
        while ((size = await Size()) == start && patience.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(5);
        var (from, clock, to) = (size, Stopwatch.StartNew(), size);
        while ((to = await Size()) < start + published && patience.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(20);
        var elapsed = clock.Elapsed;
        // Every envelope published is in the log, once (event_id is unique there, and the appender drops repeats). The
        // platform's own events reach the log meanwhile too, so its size alone cannot say.
        long found;
        while ((found = await Logged(ids)) < ids.Count && patience.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(1000);
        Console.Error.WriteLine($"T1 {published:N0} envelopes queued in {fill.Elapsed.TotalSeconds:0.0} s ({publishRate:0}/s) with Transparency stopped; {to - from:N0} leaves appended in {elapsed.TotalSeconds:0.0} s after it was continued");
        return new Sample((to - from) / elapsed.TotalSeconds, elapsed.TotalMilliseconds, published, publishRate, ids.Count - found);
    }

    private async Task<long> Logged(List<Guid> ids)
    {
        await using var db = NpgsqlDataSource.Create(Database);
        await using var count = db.CreateCommand("select count(*) from log_leaves where event_id = any($1)");
        count.Parameters.Add(new() { Value = ids.ToArray() });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// T1's baseline: the appender's statements without the service or the broker, raw binary COPY of 500 leaf rows and
    /// their ~500 subtree rows and an update of a head row per transaction (what one batch writes), one writer, on tables of
    /// the same shape in the bench's database. The leaf bytes and hashes are computed as the appender computes them.
    /// </summary>
    public async Task<Sample> RawCopy()
    {
        await using var db = NpgsqlDataSource.Create(setup.BenchDatabase);
        await using (var create = db.CreateCommand("""
            drop table if exists bench_log_leaves, bench_log_nodes, bench_log_head;
            create table bench_log_leaves (leaf_index bigint primary key, event_id uuid not null unique, leaf bytea not null, received_at timestamptz not null default now());
            create table bench_log_nodes (level smallint not null, node_index bigint not null, hash bytea not null, primary key (level, node_index));
            create table bench_log_head (id int primary key, tree_size bigint not null, root bytea not null);
            insert into bench_log_head values (1, 0, '\x00');
            """)) await create.ExecuteNonQueryAsync();
        var frontier = new Frontier();
        var (clock, leaves) = (Stopwatch.StartNew(), 0L);
        await using var connection = await db.OpenConnectionAsync();
        while (clock.Elapsed < Duration)
        {
            await using var tx = await connection.BeginTransactionAsync();
            var rows = new List<(long, Guid, byte[])>(Batch);
            var nodes = new List<(NodeId Id, byte[] Hash)>(Batch * 2);
            for (var i = 0; i < Batch; i++)
            {
                var e = Envelope();
                var leaf = LogLeaf.Bytes(e);
                rows.Add(((long)frontier.Size, e.EventId, leaf));
                nodes.AddRange(frontier.Append(Rfc6962.LeafHash(leaf)));
            }
            await LogTables.CopyLeaves(connection, rows, "bench_log_leaves");
            await LogTables.CopyNodes(connection, nodes, "bench_log_nodes");
            await using (var head = new NpgsqlCommand("update bench_log_head set tree_size = $1, root = $2 where id = 1", connection, tx)
            { Parameters = { new() { Value = (long)frontier.Size }, new() { Value = frontier.Root() } } })
                await head.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            leaves += Batch;
        }
        return new Sample(leaves / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalMilliseconds, double.NaN, double.NaN, 0);
    }

    /// <summary>
    /// The rest of the way to <paramref name="target"/> leaves with the service's own appender (LogAppender, the code
    /// its consumer calls, batches of 500) run in this process against its database: the broker's path is T1's
    /// measure; this only sets the size T2 and T3 are measured at. Then waits for a signed checkpoint covering them.
    /// </summary>
    public async Task<(long Appended, double PerSecond)> GrowTo(long target)
    {
        await using var db = NpgsqlDataSource.Create(Database);
        var appender = new LogAppender(db, NullLogger<LogAppender>.Instance);
        var (clock, appended) = (Stopwatch.StartNew(), 0L);
        for (var size = await Size(); size < target; size += Batch)
            appended += await appender.Append(Enumerable.Range(0, (int)Math.Min(Batch, target - size)).Select(_ => Envelope()).ToList(), CancellationToken.None);
        var rate = appended / clock.Elapsed.TotalSeconds;
        var size2 = await Size();
        while (true)
        {
            await using var signed = db.CreateCommand("select coalesce(max(tree_size), 0) from log_checkpoints");
            if ((long)(await signed.ExecuteScalarAsync())! >= size2) break;
            await Task.Delay(500);
        }
        return (appended, rate);
    }

    /// <summary>Event ids spread over the whole log (a 1 % block sample), the receipts T2 asks for in random order.</summary>
    public async Task<Guid[]> RandomEventIds(int count)
    {
        await using var db = NpgsqlDataSource.Create(Database);
        await using var query = db.CreateCommand($"select event_id from log_leaves tablesample system (1) order by random() limit {count}");
        await using var reader = await query.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return [.. ids];
    }

    /// <summary>T2: GET /api/log/receipts/{id} through the gateway for a random event id each, open loop.</summary>
    public Task<Sample> ReceiptsPaced(Guid[] ids) => Driver.Paced(ReceiptRate, Duration, async _ =>
    {
        using var response = await setup.Gateway.GetAsync($"/api/log/receipts/{ids[Random.Shared.Next(ids.Length)]}");
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    });

    /// <summary>
    /// T3's "without": the same measure while the Transparency process is stopped (SIGSTOP: no append, no checkpoint, no
    /// reads; the forwarders still describe and publish every event, which queue up). Continued after, and the backlog
    /// taken before the next measure, so no run pays for another's.
    /// </summary>
    public async Task<Sample> WithTransparencyStopped(Func<Task<Sample>> measure)
    {
        var pid = TransparencyPid();
        Signal(pid, "STOP");
        try { return await measure(); }
        finally { Signal(pid, "CONT"); await Broker.Drained(TimeSpan.FromMinutes(2)); }
    }

    /// <summary>T3's "with": the log taking every event as it comes, its backlog taken first.</summary>
    public static async Task<Sample> WithTransparencyRunning(Func<Task<Sample>> measure)
    {
        await Broker.Drained(TimeSpan.FromMinutes(2));
        return await measure();
    }

    private int TransparencyPid() => int.Parse(File.ReadAllText(Path.Combine(repo, ".run", "pids", "Transparency.pid")).Trim());

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed");
    }
}
