using System.Diagnostics;
using Alliance.Contracts.Log;
using Alliance.Transparency;
using Alliance.Transparency.Service.Log;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Alliance.Bench;

/// <summary>
/// T1-T3, the transparency log (issue 21). T1: EventRecorded envelopes, the contract every forwarder publishes, put on
/// the platform's RabbitMQ by the bench and appended by the running Transparency service; the rate is the log's own
/// size read from log_head over a window of at least 30 s while the publishers stay ahead (a backlog all along), against
/// raw binary COPY of the same rows. T2: receipts for random event ids at 1,000,000 leaves, open loop. T3: P1's command
/// with Transparency running against the same with its process stopped (SIGSTOP), in the same run.
/// </summary>
public sealed class LogBench(Setup setup, string repo)
{
    public const double ReceiptRate = 100;   // receipts a second: members fetching theirs, not a flood
    private const int Batch = EventRecordedConsumerDefinition.BatchSize;
    private const int Ahead = 50_000;        // the publishers' lead on the log: enough that it never waits, bounded so the broker's memory is not the measure
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(Math.Max(30, Duration.TotalSeconds));

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
    /// One window of T1. Eight publishers send batches of envelopes as fast as the broker confirms them, never more than
    /// <see cref="Ahead"/> ahead of the log. The rate counts leaves from the first one appended over <see cref="Window"/>;
    /// P95 holds the smallest lead seen (0: the publishers, not the log, were the limit at some point); Errors counts the
    /// envelopes not in the log exactly once when it has taken them all.
    /// </summary>
    public async Task<Sample> AppendThroughBroker(Broker broker)
    {
        var start = await Size();
        var published = 0L;
        var ids = new List<Guid>();
        using var stop = new CancellationTokenSource();
        var logged = start;
        var publishers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (Interlocked.Read(ref published) - (Interlocked.Read(ref logged) - start) > Ahead) { await Task.Delay(5); continue; }
                var envelopes = Enumerable.Range(0, 250).Select(_ => Envelope()).ToList();
                await broker.Bus.PublishBatch(envelopes);
                lock (ids) ids.AddRange(envelopes.Select(e => e.EventId));
                Interlocked.Add(ref published, envelopes.Count);
            }
        })).ToList();
        while ((logged = await Size()) == start) await Task.Delay(10);
        var (from, clock, minLead) = (logged, Stopwatch.StartNew(), long.MaxValue);
        while (clock.Elapsed < Window)
        {
            await Task.Delay(200);
            Interlocked.Exchange(ref logged, await Size());
            minLead = Math.Min(minLead, Interlocked.Read(ref published) - (logged - start));
        }
        var (to, elapsed) = (await Size(), clock.Elapsed);
        await stop.CancelAsync();
        await Task.WhenAll(publishers);
        // Every envelope published is in the log (once: event_id is unique there, and the appender drops repeats).
        // The log also takes the platform's own events meanwhile, so its size alone cannot say.
        var settle = Stopwatch.StartNew();
        while (await Size() < start + published && settle.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(200);
        long found;
        while ((found = await Logged(ids)) < ids.Count && settle.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(2000);
        var rate = (to - from) / elapsed.TotalSeconds;
        return new Sample(rate, elapsed.TotalMilliseconds, minLead, double.NaN, ids.Count - found);
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
            await using (var copy = await connection.BeginBinaryImportAsync("copy bench_log_leaves (leaf_index, event_id, leaf) from stdin (format binary)"))
            {
                foreach (var (index, id, leaf) in rows) await copy.WriteRowAsync(default, index, id, leaf);
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync("copy bench_log_nodes (level, node_index, hash) from stdin (format binary)"))
            {
                foreach (var (id, hash) in nodes)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync((short)id.Level, NpgsqlDbType.Smallint);
                    await copy.WriteAsync((long)id.Index, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(hash, NpgsqlDbType.Bytea);
                }
                await copy.CompleteAsync();
            }
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
        var pid = int.Parse(File.ReadAllText(Path.Combine(repo, ".run", "pids", "Transparency.pid")).Trim());
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

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed");
    }
}
