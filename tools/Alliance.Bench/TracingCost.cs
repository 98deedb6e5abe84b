using System.Globalization;

namespace Alliance.Bench;

/// <summary>
/// O1, the cost of tracing: P1's command at Registry's port and P2's /matrix/check through the gateway, on the platform
/// restarted three times by deploy/bench.sh against one database (tracing is chosen when a process starts): without an
/// exporter (BENCH_SAMPLER=none: the baseline, its samples kept in .run/bench/o1-untraced), then with
/// OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP receiver (OtlpSink) under the recommended head sampler,
/// parent-based a tenth of the traces (the target row: traced ≥ 0.90 of the untraced throughput), then with every span
/// (always_on: reported). Each half is measured the same way: a restarted platform runs unoptimised code until the
/// JIT's tiers catch up (a first traced run measured 172, 285, 403/s against a warm untraced 367/s), so each first runs
/// both measures unrecorded until two runs in a row agree within a tenth, and only then measures.
/// </summary>
public static class TracingCost
{
    public const int SinkPort = 4318;
    private static string Kept(string repo) => Path.Combine(repo, ".run", "bench", "o1-untraced");

    /// <summary>The baseline, on the platform restarted without an exporter: its samples kept for the traced halves.</summary>
    public static async Task Untraced(string repo, Measures measures, int repeats)
    {
        await WarmUp(measures, "untraced");
        var (apply, check) = await Measure(measures, repeats, "untraced");
        Directory.CreateDirectory(Path.GetDirectoryName(Kept(repo))!);
        await File.WriteAllLinesAsync(Kept(repo), [string.Join(' ', apply), string.Join(' ', check)]);
    }

    /// <summary>The second half, on the platform that exports every span to the sink: the rows, beside the first half's.</summary>
    public static async Task<IReadOnlyList<string>> Traced(string repo, Measures measures, int repeats)
    {
        var kept = File.Exists(Kept(repo)) ? await File.ReadAllLinesAsync(Kept(repo)) : throw new InvalidOperationException($"O1: the untraced half is missing ({Kept(repo)})");
        var untracedApply = kept[0].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList();
        var untracedCheck = kept[1].Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToList();
        var sampler = Sampler.Parse(Environment.GetEnvironmentVariable("BENCH_SAMPLER"));
        await WarmUp(measures, sampler.Name);
        var before = await OtlpSink.Count(SinkPort);
        var loads = new List<MachineLoad>();
        var (apply, check) = await Measure(measures, repeats, sampler.Name, loads);
        var after = await OtlpSink.Count(SinkPort);
        var exported = $"{after.Requests - before.Requests} OTLP exports, {(after.Bytes - before.Bytes) / 1024.0 / 1024:0.0} MiB received meanwhile";
        if (after.Requests == before.Requests) throw new InvalidOperationException("O1: the sink received nothing: the traced platform did not export");
        var load = loads.OrderBy(l => l.Busy).ElementAt(loads.Count / 2);
        return
        [
            Row($"P1's command at Registry's port, 16 clients, {sampler.Description} exported over OTLP/HTTP to a local receiver", apply, untracedApply, $"{exported}; {load}", sampler.Targeted),
            Row("P2's GET /matrix/check through the gateway, 32 clients, traced the same way", check, untracedCheck, "the gateway's, Compatibility's and PostgreSQL's spans", sampler.Targeted),
        ];
    }

    private static async Task<(List<double> Apply, List<double> Check)> Measure(Measures measures, int repeats, string what, List<MachineLoad>? loads = null)
    {
        var (apply, check) = (new List<double>(), new List<double>());
        for (var i = 0; i < repeats; i++)
        {
            var (a, la) = await MachineLoad.Measure(measures.ApplyAtService);
            var (c, lc) = await MachineLoad.Measure(measures.MatrixCheck);
            loads?.AddRange([la, lc]);
            Console.Error.WriteLine($"O1 {what} #{i + 1}: apply {a.PerSecond:0}/s ({a.Errors} errors, {la}), check {c.PerSecond:0}/s ({c.Errors} errors, {lc})");
            apply.Add(a.PerSecond);
            check.Add(c.PerSecond);
        }
        return (apply, check);
    }

    /// <summary>Both measures, unrecorded, until two runs in a row agree within a tenth (at most six runs).</summary>
    private static async Task WarmUp(Measures measures, string what)
    {
        (double Apply, double Check)? previous = null;
        for (var i = 1; i <= 6; i++)
        {
            var (apply, check) = await Measure(measures, 1, $"{what} warm-up {i}");
            var now = (apply[0], check[0]);
            if (previous is { } p && Close(p.Apply, now.Item1) && Close(p.Check, now.Item2)) return;
            previous = now;
        }
        static bool Close(double a, double b) => Math.Abs(a - b) <= 0.1 * Math.Max(a, b);
    }

    private static double Median(IEnumerable<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }

    private static string Row(string measure, List<double> traced, List<double> untraced, string note, bool targeted)
    {
        var (t, u) = (Median(traced), Median(untraced));
        var ratio = t / u;
        var (target, verdict) = targeted ? ("≥ 0.90", ratio >= 0.90 ? "met" : "**missed**") : ("(reported)", "—");
        return $"| O1 | {measure} ({note}) | {t:0} /s | {traced.Min():0} | {traced.Max():0} | untraced {u:0}/s (min {untraced.Min():0}, max {untraced.Max():0}) | {ratio:0.00} | {target} | {verdict} |";
    }

    /// <summary>The head sampler the traced platform was started with (OTEL_TRACES_SAMPLER:OTEL_TRACES_SAMPLER_ARG).</summary>
    private sealed record Sampler(string Name, string Description, bool Targeted)
    {
        public static Sampler Parse(string? value) => value switch
        {
            null or "" or "always_on:" => new("always_on", "every span", false),
            _ when value.StartsWith("parentbased_traceidratio:", StringComparison.Ordinal) =>
                new("parentbased_traceidratio", $"the recommended sampler (parent-based, {double.Parse(value[(value.IndexOf(':') + 1)..], CultureInfo.InvariantCulture):0%} of the traces)", true),
            _ => throw new ArgumentException($"O1: unknown BENCH_SAMPLER '{value}'"),
        };
    }

    /// <summary>
    /// The O1 rows into the table the untraced half wrote to docs/benchmarks.md (the last full run, or the last
    /// partial one when BENCH_ONLY was set), after its last row.
    /// </summary>
    public static async Task AddRows(string repo, IReadOnlyList<string> rows, bool full)
    {
        var doc = Path.Combine(repo, "docs", "benchmarks.md");
        var text = await File.ReadAllTextAsync(doc);
        var heading = full ? "### The last full run" : "### The last partial run (BENCH_ONLY)";
        var at = text.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"O1: no '{heading}' in docs/benchmarks.md to add the rows to");
        var lines = text[at..].Split('\n').ToList();
        var tableStart = lines.FindIndex(l => l.StartsWith("| # |", StringComparison.Ordinal));
        var last = tableStart;
        while (last + 1 < lines.Count && lines[last + 1].StartsWith('|')) last++;
        lines.InsertRange(last + 1, rows);
        var updated = text[..at] + string.Join('\n', lines);
        await File.WriteAllTextAsync(doc, updated);
        Console.WriteLine(string.Join('\n', rows));
    }
}
