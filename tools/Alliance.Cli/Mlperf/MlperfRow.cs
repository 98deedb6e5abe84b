using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Alliance.Cli.Mlperf;

/// <summary>
/// One row of an MLPerf results table (summary_results.json of an inference_results_vX.Y repository): one result of
/// one system (ID) for one benchmark (Model) and scenario. Category is the division, Availability the category.
/// </summary>
public sealed partial record MlperfRow(int Index, string Id, string Round, string Submitter, string Availability, string Division, string Suite, string System,
    string Model, string Scenario, string AccuracyText, int Nodes, int AcceleratorsPerNode, string Accelerator, string Processor, int? ProcessorsPerNode,
    int? ProcessorCores, string Software, string OperatingSystem, double Score, string Unit, double? Power, string? PowerUnit, string Details, string Code)
{
    /// <summary>"ROUGE1: 44.5321  ROUGE2: 22.1191" → {ROUGE1: 44.5321, ROUGE2: 22.1191}.</summary>
    public Dictionary<string, double> Accuracy =>
        AccuracyPair().Matches(AccuracyText).GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => double.Parse(g.First().Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"([A-Za-z0-9_]+):\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)")]
    private static partial Regex AccuracyPair();

    public static List<MlperfRow> Read(string file)
    {
        var rows = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
        return rows.Select((r, i) => new MlperfRow(i, Text(r, "ID"), Text(r, "version"), Text(r, "Submitter"), Text(r, "Availability"), Text(r, "Category"), Text(r, "Suite"),
            Text(r, "System"), Text(r, "Model"), Text(r, "Scenario"), Text(r, "Accuracy"), Int(r, "Nodes") ?? 1, Int(r, "a#") ?? 0, Text(r, "Accelerator"), Text(r, "Processor"),
            Int(r, "host_processors_per_node"), Int(r, "host_processor_core_count"), Text(r, "Software"), Text(r, "operating_system"),
            Number(r, "Performance_Result") ?? double.NaN, Text(r, "Performance_Units"), Number(r, "Power_Result"), Text(r, "Power_Units") is { Length: > 0 } u ? u : null,
            Text(r, "Details"), Text(r, "Code"))).ToList();
    }

    private static string Text(JsonNode? row, string field) => row?[field] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s.Trim() : v.ToJsonString()) : "";

    private static double? Number(JsonNode? row, string field) =>
        row?[field] is JsonValue v && (v.TryGetValue<double>(out var d) || double.TryParse(v.ToString(), CultureInfo.InvariantCulture, out d)) && double.IsFinite(d) ? d : null;

    private static int? Int(JsonNode? row, string field) => Number(row, field) is { } d ? (int)Math.Round(d) : null;
}
