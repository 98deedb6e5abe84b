using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Alliance.Governance.Ballots;
using Alliance.Registry.Members;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Alliance.Bench;

/// <summary>The measures of docs/benchmarks.md; each returns one sample, the runner repeats and aggregates them.</summary>
public sealed class Measures(Setup setup)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));
    private const int Writers = 16;
    private const int Readers = 32;

    // Written as text, not serialised per request: the generator shares the two cores with what it measures,
    // and reflection-based serialisation of an anonymous object cost it as much CPU as the service spent.
    private static string Application(int worker) =>
        $$"""{"name":"Bench {{worker}} {{Guid.NewGuid():N}}","kind":"company","country":"CN","website":"https://bench.example.cn","contactEmail":"bench@example.cn"}""";

    // P1: HTTP → decide → append, at Registry's own port and through the gateway.
    public Task<Sample> ApplyAtService() => Driver.Closed(Writers, Duration, ApplyAtRegistry);

    public Task<Sample> ApplyThroughGateway() => Driver.Closed(Writers, Duration, w => Post(setup.Gateway, "/api/members/applications", Application(w)));

    /// <summary>The HTTP floor at the same port and concurrency (GET /health/live: Kestrel, the middleware, no work).</summary>
    public Task<Sample> HttpFloorAtService() => Driver.Closed(Writers, Duration, _ => Get(setup.Registry, "/health/live"));

    /// <summary>Applications at a fixed rate (open loop): the latency at a load, not at the peak.</summary>
    public Task<Sample> ApplyPaced(double perSecond) => Driver.Paced(perSecond, Duration, ApplyAtRegistry);

    private Task<bool> ApplyAtRegistry(int worker) => Post(setup.Registry, "/members/applications", Application(worker));

    // P1 baselines: the same event appended with bare Marten, and a raw single-row INSERT + COMMIT.
    public Task<Sample> BareMartenAppend() => WithBareMarten(append => Driver.Closed(Writers, Duration, append));

    /// <summary>The bare append at a fixed rate: the p99 the framework, PostgreSQL and this machine allow at that rate.</summary>
    public Task<Sample> BareMartenAppendPaced(double perSecond) => WithBareMarten(append => Driver.Paced(perSecond, Duration, append));

    private async Task<Sample> WithBareMarten(Func<Func<int, Task<bool>>, Task<Sample>> drive)
    {
        await using var store = DocumentStore.For(opts =>
        {
            opts.Connection(setup.BenchDatabase);
            opts.Events.StreamIdentity = StreamIdentity.AsGuid;
            opts.Events.MapEventType<MemberApplied>("member_applied");
            opts.DatabaseSchemaName = "bench_marten";
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        async Task<bool> Append(int w)
        {
            await using var session = store.LightweightSession();
            var id = Guid.CreateVersion7();
            session.Events.StartStream(id, new MemberApplied(id, $"Bench {w}", "company", "CN", "https://bench.example.cn", "bench@example.cn", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
            return true;
        }
        await Append(0);   // a new store generates its code on the first append: not part of any measure
        return await drive(Append);
    }

    public async Task<Sample> RawInsert()
    {
        await using var db = NpgsqlDataSource.Create(setup.BenchDatabase);
        await using (var create = db.CreateCommand("create table if not exists bench_raw (id uuid primary key, data jsonb not null)")) await create.ExecuteNonQueryAsync();
        return await Driver.Closed(Writers, Duration, async w =>
        {
            await using var cmd = db.CreateCommand("insert into bench_raw (id, data) values ($1, $2::jsonb)");
            cmd.Parameters.Add(new() { Value = Guid.CreateVersion7() });
            cmd.Parameters.Add(new() { Value = $$"""{"Name":"Bench {{w}}","Kind":"company","Country":"CN"}""" });
            await cmd.ExecuteNonQueryAsync();
            return true;
        });
    }

    // P2: the public lookups through the gateway, against the gateway's own fastest endpoint measured the same way:
    // /health/live does strictly less than any lookup (no proxying, no cache, no serialisation), so a ratio above 1
    // would mean the baseline is wrong. (Until P2u it was /api/rule-profiles, proxied but uncached, which a cached
    // lookup beat 2.0 times: that ratio said nothing about the lookup path.)
    public Task<Sample> TrivialThroughGateway() => Driver.Closed(Readers, Duration, _ => Get(setup.Gateway, "/health/live"));

    public Task<Sample> MatrixCheck() => Driver.Closed(Readers, Duration, w => Get(setup.Gateway, setup.CheckUrl(w)));

    public Task<Sample> MatrixPage() => Driver.Closed(Readers, Duration, w => Get(setup.Gateway, $"/api/matrix?standard=K8S&pageSize=25&page={1 + w % 20}"));

    /// <summary>Pages no cache holds: each asks as of its own instant (a millisecond apart), so every one is computed.</summary>
    public Task<Sample> MatrixPageCold() => Driver.Closed(Readers, Duration, w =>
        Get(setup.Gateway, $"/api/matrix?standard=K8S&pageSize=25&page={1 + w % 20}&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMilliseconds(-Random.Shared.Next(1_000_000)).ToString("O"))}"));

    public Task<Sample> MatrixCheckPaced(double perSecond) => Driver.Paced(perSecond, Duration, w => Get(setup.Gateway, setup.CheckUrl(w)));

    /// <summary>The same lookups at Compatibility's own port, at the same rate: what the gateway's hop adds to the tail.</summary>
    public Task<Sample> MatrixCheckPacedAtService(double perSecond) => Driver.Paced(perSecond, Duration, w => Get(setup.Compatibility, setup.CheckUrl(w)["/api".Length..]));

    /// <summary>The gateway's own liveness at the same rate: the generator and one HTTP exchange, nothing proxied.</summary>
    public Task<Sample> GatewayFloorPaced(double perSecond) => Driver.Paced(perSecond, Duration, _ => Get(setup.Gateway, "/health/live"));

    // P3: from the request that closes a ratification ballot to the version ratified in Compatibility.
    public async Task<Sample> DecisionToMatrix(int rounds = 10)
    {
        var latencies = new List<double>();
        for (var i = 0; i < rounds; i++) latencies.Add(await setup.RatifyOnce());
        return Sample.Of(latencies, TimeSpan.FromSeconds(latencies.Sum() / 1000), 0);
    }

    /// <summary>P3 again while commands arrive at a steady rate (applications at the given rate, open loop).</summary>
    public async Task<Sample> DecisionToMatrixUnderLoad(double commandsPerSecond)
    {
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await Driver.Paced(commandsPerSecond, TimeSpan.FromSeconds(2), warmup: TimeSpan.Zero, operation: ApplyAtRegistry);
        });
        try { return await DecisionToMatrix(); }
        finally { await stop.CancelAsync(); await load; }
    }

    // P4: rebuilding the matrix read model from all of Compatibility's events, against a raw sequential scan of its events table.
    public async Task<Sample> RawEventScan()
    {
        await using var db = NpgsqlDataSource.Create(setup.ServiceDatabase("compatibility"));
        var clock = Stopwatch.StartNew();
        await using var scan = db.CreateCommand("select seq_id, id, stream_id, version, type, timestamp, data from mt_events");
        await using var reader = await scan.ExecuteReaderAsync();
        var rows = 0L;
        while (await reader.ReadAsync()) { reader.GetString(6); rows++; }   // the body read as text, as any consumer must
        return new Sample(rows / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalMilliseconds, double.NaN, double.NaN, 0);
    }

    /// <summary>
    /// The write side of a rebuild at its physical limit: the statements a row-at-a-time projection sends for
    /// 100,000 certifications (an insert and an update each, in batches of 5,000 as the rebuild pages), raw Npgsql,
    /// no events read. A rebuild cannot replay events faster than one statement per event allows.
    /// </summary>
    public async Task<Sample> RawStatementReplay()
    {
        await using var db = NpgsqlDataSource.Create(setup.BenchDatabase);
        await using (var create = db.CreateCommand("""
            drop table if exists bench_rows;
            create table bench_rows (id uuid primary key, product uuid not null, status text not null, valid_from timestamptz, valid_until timestamptz)
            """)) await create.ExecuteNonQueryAsync();
        const int rows = 100_000, page = 2_500;
        var ids = Enumerable.Range(0, rows).Select(_ => Guid.CreateVersion7()).ToArray();
        var clock = Stopwatch.StartNew();
        await using var connection = await db.OpenConnectionAsync();
        for (var start = 0; start < rows; start += page)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(connection, tx);
            foreach (var id in ids.AsSpan(start, page))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("insert into bench_rows (id, product, status) values ($1, $2, 'submitted')") { Parameters = { new() { Value = id }, new() { Value = id } } });
                batch.BatchCommands.Add(new NpgsqlBatchCommand("update bench_rows set status = 'certified', valid_from = $1, valid_until = $2 where id = $3")
                { Parameters = { new() { Value = DateTimeOffset.UtcNow }, new() { Value = DateTimeOffset.UtcNow.AddYears(1) }, new() { Value = id } } });
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        return new Sample(2 * rows / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalMilliseconds, double.NaN, double.NaN, 0);
    }

    /// <summary>One rebuild through the service's operations endpoint; an error if the matrix does not hold the same rows after it (every column, and the grant counters).</summary>
    public async Task<Sample> RebuildMatrix()
    {
        await using var db = NpgsqlDataSource.Create(setup.ServiceDatabase("compatibility"));
        var before = await SyntheticMatrix.Fingerprint(db);
        using var compatibility = setup.SecretariatAt("http://127.0.0.1:8083");
        using var response = await compatibility.PostAsync("/admin/read-models/matrix/rebuild", null);
        response.EnsureSuccessStatusCode();
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var same = await SyntheticMatrix.Fingerprint(db) == before;
        return new Sample((double)result["eventsPerSecond"]!, (double)result["seconds"]! * 1000, double.NaN, double.NaN, same ? 0 : 1);
    }

    /// <summary>Waits until Compatibility's outbox forwarder has passed every event (the generator's events are forwarded like any).</summary>
    public async Task ForwarderCaughtUp()
    {
        await using var db = NpgsqlDataSource.Create(setup.ServiceDatabase("compatibility"));
        while (true)
        {
            await using var behind = db.CreateCommand("""
                select (select coalesce(max(seq_id), 0) from mt_events)
                     - coalesce((select max(last_seq_id) from mt_event_progression where name like 'outbox-forwarder%'), 0)
                """);
            if ((long)(await behind.ExecuteScalarAsync())! <= 0) return;
            await Task.Delay(500);
        }
    }

    // P7: the tally engine alone, closing a ballot of 10,000 voters.
    public static Sample TallyTenThousand()
    {
        var voters = Enumerable.Range(0, 10_000).Select(_ => new Tally.Voter(Guid.NewGuid(), true, null)).ToArray();
        var profile = RuleProfiles.Find("two-thirds-of-cast")!;
        var opened = new BallotOpened(Guid.NewGuid(), Guid.NewGuid(), "Bench", "Bench?", new Subject("generic", "governance", "bench", "Bench"), null, profile.Id,
            profile.Parameters, voters, null, false, DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow);
        var ballot = Ballot.Create(opened);
        string[] positions = ["yes", "no", "abstain"];
        foreach (var (v, i) in voters.Select((v, i) => (v, i))) ballot = ballot.Apply(new VoteCast(ballot.Id, v.MemberId, positions[i % 3], null, DateTimeOffset.UtcNow));
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            BallotDecisions.Close(ballot, "bench", DateTimeOffset.UtcNow);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Sample.Of(latencies, TimeSpan.FromMilliseconds(latencies.Sum()), 0);
    }

    private static async Task<bool> Post(HttpClient http, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(url, content);
        return response.IsSuccessStatusCode;
    }

    private static async Task<bool> Get(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }
}
