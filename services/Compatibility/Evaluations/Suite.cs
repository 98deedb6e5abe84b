using Alliance.Hosting;

namespace Alliance.Compatibility.Evaluations;

// A benchmark suite is a standard of kind "evaluation": each of its versions carries this definition, proposed and
// ratified by ballot like any other version (the Standard stream), so a round's rules change only by decision.

/// <summary>A measured accuracy must be at least Minimum and at most Maximum (either may be absent) of Metric.</summary>
public sealed record AccuracyTarget(string Metric, double? Minimum, double? Maximum);

/// <summary>A scenario the benchmark is run in, and the unit its score is reported in there (Tokens/s, Latency (ms)).</summary>
public sealed record BenchmarkScenario(string Scenario, string Unit);

/// <summary>A model or workload with its accuracy target, e.g. llama2-70b-99 (99 % of the FP32 reference).</summary>
public sealed record Benchmark(string Id, string? Title, AccuracyTarget[]? AccuracyTargets, BenchmarkScenario[] Scenarios);

/// <summary>How queries are generated and what is measured; HigherIsBetter false for latencies.</summary>
public sealed record Scenario(string Id, string Metric, bool HigherIsBetter);

/// <summary>
/// closed: the reference workload under equivalence rules, so the accuracy target and the benchmark's unit apply; open: free (another
/// model may report in another unit, e.g. Samples/s for a smaller LLM): its results are still checked for the benchmark and scenario.
/// </summary>
public sealed record Division(string Id, string? Description, bool ReferenceRulesApply);

/// <summary>available, preview (must become available within AvailableWithinDays of submission, or is withdrawn), research.</summary>
public sealed record Category(string Id, string? Description, int? AvailableWithinDays);

/// <summary>
/// Round: the prefix of result ids (round-n, e.g. v4.1-0001), unique across suites; default the version.
/// ReviewWindowDays: the peer-review window after a submission (MLPerf: about four weeks; default 28).
/// </summary>
public sealed record EvaluationSuite(string? Round, Benchmark[]? Benchmarks, Scenario[]? Scenarios, Division[]? Divisions, Category[]? Categories,
    string[]? RequiredSystemFields, int? ReviewWindowDays)
{
    /// <summary>The system-description fields a version may require (SystemDescription's properties).</summary>
    public static readonly string[] SystemFields =
        ["name", "systemType", "nodes", "acceleratorsPerNode", "acceleratorModel", "processor", "processorsPerNode", "processorCores", "memory", "interconnect", "software", "operatingSystem"];

    public const int DefaultReviewWindowDays = 28;

    public int ReviewWindow => ReviewWindowDays ?? DefaultReviewWindowDays;

    public Benchmark? BenchmarkOf(string id) => Benchmarks?.FirstOrDefault(b => b.Id == id);
    public Scenario? ScenarioOf(string id) => Scenarios?.FirstOrDefault(s => s.Id == id);
    public Division? DivisionOf(string id) => Divisions?.FirstOrDefault(d => d.Id == id);
    public Category? CategoryOf(string id) => Categories?.FirstOrDefault(c => c.Id == id);

    /// <summary>Checks a proposed definition (400 naming the field); returns it with the defaults filled in.</summary>
    public static EvaluationSuite Validated(EvaluationSuite? s, string version, Validation v)
    {
        if (s is null) { v.Add("evaluation", "A version of an evaluation standard defines its suite: 'evaluation' with benchmarks, scenarios, divisions, categories."); return null!; }
        var round = string.IsNullOrWhiteSpace(s.Round) ? version : s.Round.Trim();
        if (round.Length > 20 || !round.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_')) v.Add("evaluation.round", "'round' is up to 20 letters, digits, dots or underscores (e.g. v4.1).");
        var scenarios = s.Scenarios ?? [];
        if (scenarios.Length == 0) v.Add("evaluation.scenarios", "Define at least one scenario.");
        if (scenarios.Any(x => !Name(x.Id) || string.IsNullOrWhiteSpace(x.Metric) || x.Metric.Length > 200)) v.Add("evaluation.scenarios", "Each scenario has an id and the metric it reports.");
        Unique(v, "evaluation.scenarios", scenarios.Select(x => x.Id));
        var benchmarks = s.Benchmarks ?? [];
        if (benchmarks.Length == 0) v.Add("evaluation.benchmarks", "Define at least one benchmark.");
        for (var i = 0; i < benchmarks.Length; i++)
        {
            var b = benchmarks[i];
            if (!Name(b.Id)) v.Add($"evaluation.benchmarks[{i}].id", "A benchmark id is 1–100 letters, digits, '.', '-' or '_' (e.g. llama2-70b-99).");
            if (b.Title is { Length: > 200 }) v.Add($"evaluation.benchmarks[{i}].title", "At most 200 characters.");
            if ((b.Scenarios ?? []).Length == 0) v.Add($"evaluation.benchmarks[{i}].scenarios", "A benchmark is run in at least one scenario.");
            foreach (var bs in b.Scenarios ?? [])
            {
                if (scenarios.All(x => x.Id != bs.Scenario)) v.Add($"evaluation.benchmarks[{i}].scenarios", $"'{bs.Scenario}' is not a scenario of this version.");
                if (string.IsNullOrWhiteSpace(bs.Unit) || bs.Unit.Length > 50) v.Add($"evaluation.benchmarks[{i}].scenarios", "Each scenario of a benchmark names its unit (at most 50 characters).");
            }
            Unique(v, $"evaluation.benchmarks[{i}].scenarios", (b.Scenarios ?? []).Select(x => x.Scenario));
            foreach (var t in b.AccuracyTargets ?? [])
                if (!Name(t.Metric) || (t.Minimum is null && t.Maximum is null) || t.Minimum > t.Maximum)
                    v.Add($"evaluation.benchmarks[{i}].accuracyTargets", "Each target names its metric and a minimum, a maximum or both (minimum ≤ maximum).");
        }
        Unique(v, "evaluation.benchmarks", benchmarks.Select(x => x.Id));
        var divisions = s.Divisions ?? [];
        if (divisions.Length == 0) v.Add("evaluation.divisions", "Define at least one division (e.g. closed, open).");
        if (divisions.Any(d => !Name(d.Id) || d.Description is { Length: > 2000 })) v.Add("evaluation.divisions", "Each division has an id (and at most 2000 characters of description).");
        Unique(v, "evaluation.divisions", divisions.Select(x => x.Id));
        var categories = s.Categories ?? [];
        if (categories.Length == 0) v.Add("evaluation.categories", "Define at least one category (available, preview, research).");
        if (categories.Any(c => c.Id is not ("available" or "preview" or "research"))) v.Add("evaluation.categories", "A category is available, preview or research.");
        if (categories.Any(c => c.Id == "preview" && c.AvailableWithinDays is not (> 0 and <= 730)))
            v.Add("evaluation.categories", "The preview category states 'availableWithinDays' (1–730): the deadline by which its systems must be available.");
        Unique(v, "evaluation.categories", categories.Select(x => x.Id));
        var required = s.RequiredSystemFields ?? [];
        if (required.Except(SystemFields).ToList() is { Count: > 0 } unknown)
            v.Add("evaluation.requiredSystemFields", $"Unknown system fields: {string.Join(", ", unknown)}; known: {string.Join(", ", SystemFields)}.");
        if (s.ReviewWindowDays is < 1 or > 120) v.Add("evaluation.reviewWindowDays", "'reviewWindowDays' is between 1 and 120.");
        return s with { Round = round, Benchmarks = benchmarks, Scenarios = scenarios, Divisions = divisions, Categories = categories, RequiredSystemFields = required.Distinct().ToArray() };
    }

    private static bool Name(string? id) => id is { Length: > 0 and <= 100 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static void Unique(Validation v, string field, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        if (list.Distinct().Count() != list.Count) v.Add(field, "Ids are unique within the version.");
    }
}
