using System.Globalization;
using System.Text;
using Alliance.Bench;

// make bench: every measure at least three times against a baseline measured in the same run; one Markdown table,
// printed and written to docs/benchmarks.md. BENCH_ONLY=P1,P3 runs some measures alone; BENCH_SECONDS sets the run length.
// M1 (market), E1 (evaluations) and T1-T3 (transparency log) run before P7 grows the matrix: at the sizes their issues name.
// O1's receiver, a process of its own that deploy/bench.sh starts before the traced platform (TracingCost.cs).
if (args is ["--otlp-sink", var sinkPort]) return await OtlpSink.Run(int.Parse(sinkPort));
var repo = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
var repeats = int.Parse(Environment.GetEnvironmentVariable("BENCH_REPEATS") ?? "3");
var onlyVariable = Environment.GetEnvironmentVariable("BENCH_ONLY");
var only = (onlyVariable ?? "P1,P2,P3,P5,P6,M1,E1,T1,T2,T3,P7,P2u,P4,O1").Split(',');
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var setup = await Setup.Create(repo);
var measures = new Measures(setup);
// O1: deploy/bench.sh restarted the platform, without an exporter (BENCH_SAMPLER=none: the baseline) or with one; only
// O1 runs, and the traced halves' rows go into the table the main run wrote.
if (Environment.GetEnvironmentVariable("BENCH_TRACED") == "1")
{
    if (Environment.GetEnvironmentVariable("BENCH_SAMPLER") == "none")
        await TracingCost.Untraced(repo, measures, repeats);
    else
        await TracingCost.AddRows(repo, await TracingCost.Traced(repo, measures, repeats), full: Environment.GetEnvironmentVariable("BENCH_O1_FULL") == "1");
    return 0;
}
var rows = new List<string>();
var memory = new Dictionary<string, double>();          // during P1 and P2: the load P6 is about
var memoryLater = new Dictionary<string, double>();     // during P3-P7: 100,000 certifications, the rebuild

async Task<List<Sample>> Repeat(string what, Func<Task<Sample>> measure)
{
    var samples = new List<Sample>();
    for (var i = 0; i < repeats; i++)
    {
        var s = await Setup.WatchMemory(repo, what.StartsWith("P1", StringComparison.Ordinal) || what.StartsWith("P2 ", StringComparison.Ordinal) ? memory : memoryLater, measure);
        Console.Error.WriteLine($"{what} #{i + 1}: {s.PerSecond:0}/s p50 {s.P50:0.0} p95 {s.P95:0.0} p99 {s.P99:0.0} ms, {s.Errors} errors");
        samples.Add(s);
    }
    return samples;
}

// A paced (open-loop) run with how busy the machine was meanwhile: a tail is read beside the cores it had.
async Task<Sample> Loaded(List<MachineLoad> into, Func<Task<Sample>> run)
{
    var (sample, load) = await MachineLoad.Measure(run);
    Console.Error.WriteLine($"  {load}");
    into.Add(load);
    return sample;
}
static MachineLoad MedianLoad(List<MachineLoad> xs) => xs.OrderBy(x => x.Busy).ElementAt(xs.Count / 2);

static double Median(IEnumerable<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
static string F(double x) => double.IsNaN(x) ? "—" : x >= 100 ? x.ToString("0") : x.ToString("0.0");
void Row(string id, string measure, string unit, IReadOnlyList<double> values, string baseline, double? ratio, string target, bool? met) =>
    rows.Add($"| {id} | {measure} | {F(Median(values))} {unit} | {F(values.Min())} | {F(values.Max())} | {baseline} | {(ratio is { } r ? r.ToString("0.00") : "—")} | {target} | {(met is null ? "—" : met.Value ? "met" : "**missed**")} |");

if (only.Contains("P1"))
{
    var serviceCpu = new List<CpuShare>();
    var martenCpu = new List<CpuShare>();
    async Task<Sample> Counted(List<CpuShare> into, Func<Task<Sample>> run)
    {
        var (sample, cpu) = await CpuShare.Measure(repo, run);
        Console.Error.WriteLine($"  CPU per operation {cpu}");
        into.Add(cpu);
        return sample;
    }
    var service = await Repeat("P1 apply at Registry", () => Counted(serviceCpu, measures.ApplyAtService));
    var gateway = await Repeat("P1 apply through gateway", measures.ApplyThroughGateway);
    var marten = await Repeat("P1 bare Marten append", () => Counted(martenCpu, measures.BareMartenAppend));
    var raw = await Repeat("P1 raw INSERT + COMMIT", measures.RawInsert);
    var floor = await Repeat("P1 HTTP floor at Registry (GET /health/live)", measures.HttpFloorAtService);
    var peak = Median(service.Select(s => s.PerSecond));
    var (halfLoad, martenHalfLoad) = (new List<MachineLoad>(), new List<MachineLoad>());
    var halfCpu = new List<CpuShare>();
    var half = await Repeat("P1 apply at half the peak", () => Loaded(halfLoad, () => Counted(halfCpu, () => measures.ApplyPaced(peak / 2))));
    var martenHalf = await Repeat("P1 bare Marten append at the same rate", () => Loaded(martenHalfLoad, () => measures.BareMartenAppendPaced(peak / 2)));
    var (m, r) = (Median(marten.Select(s => s.PerSecond)), Median(raw.Select(s => s.PerSecond)));
    Row("P1", "command at the service port (apply for membership), 16 clients", "/s", service.Select(s => s.PerSecond).ToList(), $"bare Marten append {F(m)}/s", peak / m, "≥ 0.70", peak / m >= 0.70);
    Row("P1", "the same against raw INSERT + COMMIT", "/s", service.Select(s => s.PerSecond).ToList(), $"raw insert {F(r)}/s", peak / r, "≥ 0.30", peak / r >= 0.30);
    Row("P1", "the same through the gateway", "/s", gateway.Select(s => s.PerSecond).ToList(), $"service port {F(peak)}/s", Median(gateway.Select(s => s.PerSecond)) / peak, "(reported)", null);
    Row("P1", "HTTP alone at the service port (GET /health/live), 16 clients", "/s", floor.Select(s => s.PerSecond).ToList(), "—", null, "(reported)", null);
    // The ratio explained: on shared cores throughput is the inverse of the machine's CPU per operation.
    CpuShare MedianShare(List<CpuShare> xs) => xs.OrderBy(x => x.Total).ElementAt(xs.Count / 2);
    var (serviceShare, martenShare) = (MedianShare(serviceCpu), MedianShare(martenCpu));
    Row("P1", $"machine CPU per command at the service port ({serviceShare})", "ms", serviceCpu.Select(x => x.Total).ToList(),
        $"bare Marten append {martenShare}", martenShare.Total / serviceShare.Total, "(reported)", null);
    Row("P1", "p50 / p95 at the peak (service port)", "ms", service.Select(s => s.P50).ToList(), $"p95 {F(Median(service.Select(s => s.P95)))} ms, p99 {F(Median(service.Select(s => s.P99)))} ms", null, "(reported)", null);
    Row("P1", $"p99 at half the peak ({F(peak / 2)}/s, open loop; p50 {F(Median(half.Select(s => s.P50)))} ms; {MedianLoad(halfLoad)})", "ms", half.Select(s => s.P99).ToList(),
        $"bare Marten append at the same rate: p99 {F(Median(martenHalf.Select(s => s.P99)))} ms", null, "≤ 20 ms", Median(half.Select(s => s.P99)) <= 20);
    Row("P1", $"machine CPU per command at half the peak ({MedianShare(halfCpu)}; open loop: fewer commands share each projection and forwarding cycle)", "ms", halfCpu.Select(x => x.Total).ToList(),
        $"at the peak {serviceShare.Total:0.00} ms", serviceShare.Total / MedianShare(halfCpu).Total, "(reported)", null);
    Row("P1", $"the bare Marten append at that rate (open loop; {MedianLoad(martenHalfLoad)})", "ms p99", martenHalf.Select(s => s.P99).ToList(), $"p50 {F(Median(martenHalf.Select(s => s.P50)))} ms", null, "(reported)", null);
}
if (only.Contains("P2"))
{
    var trivial = await Repeat("P2 the gateway's /health/live, 32 clients", measures.TrivialThroughGateway);
    var check = await Repeat("P2 GET /matrix/check", measures.MatrixCheck);
    var page = await Repeat("P2 GET /matrix", measures.MatrixPage);
    var t = Median(trivial.Select(s => s.PerSecond));
    var cold = await Repeat("P2 GET /matrix uncached", measures.MatrixPageCold);
    var checkPeak = Median(check.Select(s => s.PerSecond));
    var (halfLoad, quarterLoad) = (new List<MachineLoad>(), new List<MachineLoad>());
    var half = await Repeat("P2 /matrix/check at half the peak", () => Loaded(halfLoad, () => measures.MatrixCheckPaced(checkPeak / 2)));
    // The tail taken apart at the same rate: without the gateway's hop, and the gateway answering by itself.
    var atService = await Repeat("P2 /matrix/check at Compatibility's port, same rate", () => measures.MatrixCheckPacedAtService(checkPeak / 2));
    var floor = await Repeat("P2 the gateway's /health/live, same rate", () => measures.GatewayFloorPaced(checkPeak / 2));
    // The same at a quarter of the peak: if the tail shrinks with the load, it is the shared CPU, not the lookup.
    var quarter = await Repeat("P2 /matrix/check at a quarter of the peak", () => Loaded(quarterLoad, () => measures.MatrixCheckPaced(checkPeak / 4)));
    Row("P2", $"GET /matrix/check through the gateway, 32 clients ({setup.Products} products, 3,075 certifications)", "/s", check.Select(s => s.PerSecond).ToList(), $"the gateway's /health/live {F(t)}/s", Median(check.Select(s => s.PerSecond)) / t, "≥ 0.50", Median(check.Select(s => s.PerSecond)) / t >= 0.5);
    Row("P2", "GET /matrix (a page of 25) through the gateway", "/s", page.Select(s => s.PerSecond).ToList(), $"the gateway's /health/live {F(t)}/s", Median(page.Select(s => s.PerSecond)) / t, "≥ 0.50", Median(page.Select(s => s.PerSecond)) / t >= 0.5);
    Row("P2", "GET /matrix computed every time (each as of its own instant, so no cache answers)", "/s", cold.Select(s => s.PerSecond).ToList(), $"p50 {F(Median(cold.Select(s => s.P50)))} ms", null, "(reported)", null);
    Row("P2", $"p99 of /matrix/check at half its peak ({F(checkPeak / 2)}/s, open loop; p50 {F(Median(half.Select(s => s.P50)))} ms; {MedianLoad(halfLoad)})", "ms", half.Select(s => s.P99).ToList(),
        $"the gateway's own /health/live at the same rate: p99 {F(Median(floor.Select(s => s.P99)))} ms", null, "≤ 5 ms", Median(half.Select(s => s.P99)) <= 5);
    Row("P2", "p99 of the same lookups at Compatibility's own port, same rate (no gateway hop)", "ms", atService.Select(s => s.P99).ToList(), $"p50 {F(Median(atService.Select(s => s.P50)))} ms", null, "(reported)", null);
    Row("P2", "p99 of the gateway's own /health/live at the same rate (the generator and one HTTP exchange)", "ms", floor.Select(s => s.P99).ToList(), $"p50 {F(Median(floor.Select(s => s.P50)))} ms", null, "(reported)", null);
    Row("P2", $"p99 of /matrix/check at a quarter of its peak (open loop; {MedianLoad(quarterLoad)})", "ms", quarter.Select(s => s.P99).ToList(), $"p50 {F(Median(quarter.Select(s => s.P50)))} ms", null, "(reported)", null);
}
if (only.Contains("P3"))
{
    // Issue 25's targets (p99 ≤ 100 ms idle, ≤ 250 ms at 500 commands/s); until 2026-12-07 the rows judged wave 1's 500 ms and 2 s.
    var decision = await Repeat("P3 decision to matrix", () => measures.DecisionToMatrix());
    Row("P3", "closing request of a ratification ballot → version ratified in Compatibility, idle (10 per run)", "ms p99", decision.Select(s => s.P99).ToList(),
        $"p50 {F(Median(decision.Select(s => s.P50)))} ms", null, "p99 ≤ 100 ms", Median(decision.Select(s => s.P99)) <= 100);
    var loaded = await Repeat("P3 decision to matrix, commands at 500/s", () => measures.DecisionToMatrixUnderLoad(500));
    Row("P3", "the same while applications arrive at 500/s (open loop)", "ms p99", loaded.Select(s => s.P99).ToList(),
        $"p50 {F(Median(loaded.Select(s => s.P50)))} ms", null, "p99 ≤ 250 ms", Median(loaded.Select(s => s.P99)) <= 250);
}
if (only.Contains("P5") && File.Exists(Path.Combine(repo, ".run", "bench", "import-seconds")))
{
    var seconds = File.ReadAllLines(Path.Combine(repo, ".run", "bench", "import-seconds")).Select(double.Parse).ToList();
    Row("P5", "import of the 3,075 Certified Kubernetes certifications through the API (a fresh platform)", "s", seconds, "—", null, "≤ 60 s", Median(seconds) <= 60);
}
if (only.Contains("P6") && memory.Count > 0)
    foreach (var (service, mb) in memory.OrderBy(m => m.Key))
        Row("P6", $"largest RSS of {service} under the P1 and P2 load", "MB", [mb], "—", null, "≤ 300 MB", mb <= 300);
if (only.Contains("M1"))
{
    var market = new MarketBench(setup);
    var seconds = await market.Create();
    await Broker.Drained(TimeSpan.FromMinutes(5));   // Market's consumers and the log have taken what the creation published
    var (offers, matches) = (await market.OpenOffers(), await market.Matches());
    var candidates = await Repeat($"M1 candidates ({MarketBench.Rate:0}/s)", market.Paced);
    var floor = await Repeat("M1 the gateway's /health/live, same rate", () => measures.GatewayFloorPaced(MarketBench.Rate));
    Row("M1", $"GET /api/compute/requests/{{id}}/candidates, 24 requests (VCPU, any or one accelerator; CERT: and EVAL: traits, minimum scores, prices, regions; {matches}) against {offers:N0} open offers on {MarketBench.Sites:N0} sites, open loop at {MarketBench.Rate:0}/s through the gateway (p50 {F(Median(candidates.Select(s => s.P50)))} ms)", "ms p99",
        candidates.Select(s => s.P99).ToList(), $"the gateway's /health/live at the same rate: p99 {F(Median(floor.Select(s => s.P99)))} ms", null, "p99 ≤ 50 ms", Median(candidates.Select(s => s.P99)) <= 50);
    Row("M1", $"creating them through the API (1,000 sites, their inventories, 10,000 offers: 12,000 requests, 16 at a time)", "s", [seconds], "—", null, "(reported)", null);
}
var evaluations = new EvaluationsBench(setup);
async Task EvaluationsAt(string size)
{
    var samples = await Repeat($"E1 results query at {size} ({EvaluationsBench.Rate:0}/s)", evaluations.Paced);
    var floor = await Repeat("E1 the gateway's /health/live, same rate", () => measures.GatewayFloorPaced(EvaluationsBench.Rate));
    Row("E1", $"GET /api/evaluations/results (a mix of {evaluations.Queries} filters: benchmark and scenario, division and category, accelerator, submitter, version; sorted by score, per accelerator, per watt) as of a random instant, uncached, {size} results, open loop at {EvaluationsBench.Rate:0}/s through the gateway (p50 {F(Median(samples.Select(s => s.P50)))} ms)", "ms p99",
        samples.Select(s => s.P99).ToList(), $"the gateway's /health/live at the same rate: p99 {F(Median(floor.Select(s => s.P99)))} ms", null, "p99 ≤ 20 ms", Median(samples.Select(s => s.P99)) <= 20);
}
if (only.Contains("E1"))
{
    await evaluations.LoadFilters();
    await EvaluationsAt($"{await evaluations.Results():N0} (the MLPerf Inference v4.1 import)");
    if (File.Exists(Path.Combine(repo, ".run", "bench", "mlperf-import-seconds")))
        Row("E1", "import of MLPerf Inference v4.1 (alliance import mlperf, through the API, after the Kubernetes import)", "s",
            File.ReadAllLines(Path.Combine(repo, ".run", "bench", "mlperf-import-seconds")).Select(double.Parse).ToList(), "—", null, "(reported)", null);
}
var log = new LogBench(setup, repo);
if (only.Contains("T1"))
{
    await using var broker = await Broker.Connect();
    var appends = await Repeat($"T1 EventRecorded queued on RabbitMQ with Transparency stopped (at most {LogBench.Window.TotalSeconds:0} s), then drained", () => log.DrainAfterFill(broker));
    var copy = await Repeat("T1 raw binary COPY of leaf and node rows, 500 a transaction", log.RawCopy);
    var (rate, raw) = (Median(appends.Select(s => s.PerSecond)), Median(copy.Select(s => s.PerSecond)));
    var once = appends.All(s => s.Errors == 0);
    Row("T1", $"leaves appended a second by the Transparency service (its batch consumer, 500 a batch) draining a queue of {Median(appends.Select(s => s.P95)):N0} EventRecorded envelopes the bench published on RabbitMQ while the service was stopped (SIGSTOP; {Median(appends.Select(s => s.P99)):0}/s published), counted in log_head from the drain's first leaf to its last (each envelope in the log exactly once: {(once ? "yes" : "**no**")}; the log at {await log.Size():N0} leaves after)", "/s",
        appends.Select(s => s.PerSecond).ToList(), $"raw binary COPY of the same rows {F(raw)}/s", rate / raw, "≥ 5,000/s", once && rate >= 5000);
}
if (only.Contains("T2"))
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var (appended, growth) = await log.GrowTo(1_000_000);
    Console.Error.WriteLine($"T2 {appended} leaves appended in process ({growth:0}/s) and signed in {clock.Elapsed.TotalSeconds:0.0} s");
    var ids = await log.RandomEventIds(20_000);
    var receipts = await Repeat($"T2 receipts ({LogBench.ReceiptRate:0}/s)", () => log.ReceiptsPaced(ids));
    var floor = await Repeat("T2 the gateway's /health/live, same rate", () => measures.GatewayFloorPaced(LogBench.ReceiptRate));
    Row("T2", $"GET /api/log/receipts/{{eventId}} (leaf, inclusion proof, signed checkpoint) for a random one of {ids.Length:N0} event ids spread over the log, {await log.Size():N0} leaves, open loop at {LogBench.ReceiptRate:0}/s through the gateway (p50 {F(Median(receipts.Select(s => s.P50)))} ms)", "ms p99",
        receipts.Select(s => s.P99).ToList(), $"the gateway's /health/live at the same rate: p99 {F(Median(floor.Select(s => s.P99)))} ms", null, "p99 ≤ 5 ms", Median(receipts.Select(s => s.P99)) <= 5);
    if (appended > 0)
        Row("T2", $"growing the log to 1,000,000 for it: {appended:N0} leaves with the service's own appender in process (no broker), until a checkpoint signed them", "/s", [growth], "—", null, "(reported)", null);
}
if (only.Contains("T3"))
{
    var running = await Repeat("T3 apply at Registry, the log running", () => LogBench.WithTransparencyRunning(measures.ApplyAtService));
    var stopped = await Repeat("T3 apply at Registry, Transparency stopped", () => log.WithTransparencyStopped(measures.ApplyAtService));
    var (on, off) = (Median(running.Select(s => s.PerSecond)), Median(stopped.Select(s => s.PerSecond)));
    Row("T3", $"P1's command at Registry's port, 16 clients, with the log taking every event ({await log.Size():N0} leaves; p99 {F(Median(running.Select(s => s.P99)))} ms)", "/s", running.Select(s => s.PerSecond).ToList(),
        $"the Transparency process stopped (SIGSTOP; the forwarders still publish): {F(off)}/s, p99 {F(Median(stopped.Select(s => s.P99)))} ms", on / off, "≥ 0.90 (≤ 10 % cost)", on / off >= 0.90);
}
if (only.Contains("E1"))
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var added = await evaluations.GrowTo(100_000);
    await Broker.Drained(TimeSpan.FromMinutes(5));   // forwarded, and taken by Market's evaluation book and the log
    Console.Error.WriteLine($"E1 {added} synthetic results appended and taken by the consumers in {clock.Elapsed.TotalSeconds:0.0} s");
    await EvaluationsAt($"{await evaluations.Results():N0}");
}
var plans = new StringBuilder();
var uncached = new UncachedPages(setup);
async Task UncachedAt(string size)
{
    var samples = await Repeat($"P2u uncached page at {size} ({UncachedPages.Rate:0}/s)", uncached.Paced);
    var same = await uncached.SameRowsAsTheFullSort();
    plans.Append(await uncached.Plans(size));
    var (p50, p99) = (Median(samples.Select(s => s.P50)), Median(samples.Select(s => s.P99)));
    Row("P2u", $"GET /matrix (a page of 25, standard K8S, pages 1-20) as of a random instant, uncached, {size} certifications, open loop at {UncachedPages.Rate:0}/s through the gateway (rows equal to the full sort: {(same ? "yes" : "**no**")})", "ms p50",
        samples.Select(s => s.P50).ToList(), $"p99 {F(p99)} ms", null, "p50 ≤ 10 ms, p99 ≤ 50 ms", same && p50 <= 10 && p99 <= 50);
}
if (only.Contains("P7") || only.Contains("P4") || only.Contains("P2u"))
{
    // P7's scale, also the events P4 rebuilds from: the matrix grown to 100,000 certifications with real events.
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var appended = await SyntheticMatrix.GrowTo(setup.ServiceDatabase("compatibility"), 100_000);
    await measures.ForwarderCaughtUp();
    Console.Error.WriteLine($"P7 {appended} synthetic certifications appended and forwarded in {clock.Elapsed.TotalSeconds:0.0} s");
}
if (only.Contains("P7"))
{
    var trivial = await Repeat("P7 the gateway's /health/live, 32 clients", measures.TrivialThroughGateway);
    var check = await Repeat("P7 GET /matrix/check at 100,000", measures.MatrixCheck);
    var page = await Repeat("P7 GET /matrix at 100,000", measures.MatrixPage);
    var cold = await Repeat("P7 GET /matrix uncached at 100,000", measures.MatrixPageCold);
    var t = Median(trivial.Select(s => s.PerSecond));
    Row("P7", "GET /matrix/check through the gateway with 100,000 certifications, 32 clients", "/s", check.Select(s => s.PerSecond).ToList(), $"the gateway's /health/live {F(t)}/s", Median(check.Select(s => s.PerSecond)) / t, "≥ 0.50 (P2's)", Median(check.Select(s => s.PerSecond)) / t >= 0.5);
    Row("P7", "GET /matrix (a page of 25) with 100,000 certifications", "/s", page.Select(s => s.PerSecond).ToList(), $"the gateway's /health/live {F(t)}/s", Median(page.Select(s => s.PerSecond)) / t, "≥ 0.50 (P2's)", Median(page.Select(s => s.PerSecond)) / t >= 0.5);
    Row("P7", "GET /matrix computed every time with 100,000 certifications (no cache answers)", "/s", cold.Select(s => s.PerSecond).ToList(), $"p50 {F(Median(cold.Select(s => s.P50)))} ms", null, "(reported)", null);
}
if (only.Contains("P2u")) await UncachedAt("100,000");
if (only.Contains("P4"))
{
    var scan = await Repeat("P4 raw scan of Compatibility's events", measures.RawEventScan);
    var rebuild = await Repeat("P4 rebuild of the matrix read model", measures.RebuildMatrix);
    var statements = await Repeat("P4 raw statement replay (an insert and an update per certification)", measures.RawStatementReplay);
    var scanRate = Median(scan.Select(x => x.PerSecond));
    var rebuildRate = Median(rebuild.Select(x => x.PerSecond));
    Row("P4", $"rebuilding the matrix read model from all events (POST /admin/read-models/matrix/rebuild; {F(Median(rebuild.Select(x => x.P50)) / 1000)} s; rows equal after: {(rebuild.All(x => x.Errors == 0) ? "yes" : "**no**")})", "events/s",
        rebuild.Select(x => x.PerSecond).ToList(), $"raw scan {F(scanRate)} events/s", rebuildRate / scanRate, "≥ 0.30", rebuildRate / scanRate >= 0.30);
    var statementRate = Median(statements.Select(x => x.PerSecond));
    Row("P4", "the same against the write limit: raw single-row statements (insert + update a certification, pages of 2,500), what a rebuild sends per event", "events/s",
        rebuild.Select(x => x.PerSecond).ToList(), $"raw statements {F(statementRate)}/s", rebuildRate / statementRate, "(reported)", null);
}
if (only.Contains("P7"))
{
    var tally = Enumerable.Range(0, repeats).Select(_ => Measures.TallyTenThousand()).ToList();
    Row("P7", "closing a ballot of 10,000 voters (the tally engine alone, median of 20 closes per run)", "ms", tally.Select(s => s.P50).ToList(), "—", null, "≤ 250 ms", Median(tally.Select(s => s.P50)) <= 250);
}

if (only.Contains("P2u"))
{
    // The same at ten times the size, grown with the same real events (after P4: its rebuild replays 100,000).
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var appended = await SyntheticMatrix.GrowTo(setup.ServiceDatabase("compatibility"), 1_000_000);
    await measures.ForwarderCaughtUp();
    Console.Error.WriteLine($"P2u {appended} synthetic certifications appended and forwarded in {clock.Elapsed.TotalSeconds:0.0} s");
    await UncachedAt("1,000,000");
}

if (only.Contains("P6") && memoryLater.Count > 0)
    foreach (var (service, mb) in memoryLater.OrderBy(m => m.Key))
        Row("P6", $"largest RSS of {service} during P3-P7 (100,000 certifications, uncached pages, the rebuild)", "MB", [mb], "—", null, "(reported)", null);

var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
var table = new StringBuilder()
    .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {long.Parse(memTotal) / 1024 / 1024} GiB; each measure {repeats} times ({Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"} s each); Release build; the platform, PostgreSQL, RabbitMQ and the load generator share the machine{(onlyVariable is null ? "" : $"; BENCH_ONLY={onlyVariable}")}.")
    .AppendLine()
    .AppendLine("| # | measure | median | min | max | baseline (median, same run) | ratio | target | result |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|");
foreach (var row in rows) table.AppendLine(row);
if (plans.Length > 0) table.AppendLine().Append(plans);
Console.WriteLine(table);
var doc = Path.Combine(repo, "docs", "benchmarks.md");
var text = File.Exists(doc) ? await File.ReadAllTextAsync(doc) : "# Benchmarks\n\n<!-- results -->\n<!-- /results -->\n";
await File.WriteAllTextAsync(doc, BenchResults.Write(text, table.ToString(), full: onlyVariable is null));
return 0;
