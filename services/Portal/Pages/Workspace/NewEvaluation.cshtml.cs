using System.Globalization;
using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Workspace;

/// <summary>
/// A member submits benchmark results for one of its products in two steps without JavaScript: choose product, suite
/// and version (GET), then describe the system and give one row per benchmark and scenario (POST; "add a row" posts the
/// form back with one row more). Numbers are read here, so a mistyped one is named beside its field and nothing is
/// sent; the service's refusals (problem+json) are shown beside the fields they name; the automatic checks answer at once.
/// </summary>
public sealed class NewEvaluationModel(CompatibilityApi compatibility, Text text) : PortalPage(text)
{
    public const int MaxRows = 40;

    public sealed class SystemForm
    {
        public string? Name { get; set; }
        public string? SystemType { get; set; }
        public string? Nodes { get; set; }
        public string? AcceleratorsPerNode { get; set; }
        public string? AcceleratorModel { get; set; }
        public string? Processor { get; set; }
        public string? ProcessorsPerNode { get; set; }
        public string? ProcessorCores { get; set; }
        public string? Memory { get; set; }
        public string? Interconnect { get; set; }
        public string? Software { get; set; }
        public string? OperatingSystem { get; set; }
    }

    public sealed class RowForm
    {
        public string? Benchmark { get; set; }
        public string? Scenario { get; set; }
        public string? Score { get; set; }
        public string? Unit { get; set; }
        public string? Accuracy { get; set; }
        public string? Power { get; set; }
        public string? PowerUnit { get; set; }
        public string? LogsUrl { get; set; }
        public string? CodeUrl { get; set; }

        public bool Empty => string.IsNullOrWhiteSpace(Benchmark) && string.IsNullOrWhiteSpace(Scenario) && string.IsNullOrWhiteSpace(Score);
    }

    /// <summary>The system fields in the order the form shows them (SystemForm's properties, the API's names).</summary>
    public static readonly string[] SystemFields =
        ["name", "systemType", "nodes", "acceleratorsPerNode", "acceleratorModel", "processor", "processorsPerNode", "processorCores", "memory", "interconnect", "software", "operatingSystem"];

    public static readonly HashSet<string> WholeNumberFields = ["nodes", "acceleratorsPerNode", "processorsPerNode", "processorCores"];

    public IReadOnlyList<ProductListItem> Products { get; private set; } = [];
    public IReadOnlyList<StandardSummary> Suites { get; private set; } = [];
    public EvaluationSuite? Suite { get; private set; }
    public SubmittedEvaluation? Submitted { get; private set; }

    [BindProperty(SupportsGet = true)] public Guid? ProductId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Standard { get; set; }
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    [BindProperty(SupportsGet = true)] public int Rows { get; set; } = 3;
    [BindProperty] public string? Division { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public DateOnly? AvailableBy { get; set; }
    [BindProperty] public SystemForm System { get; set; } = new();
    [BindProperty] public List<RowForm> Results { get; set; } = [];
    [BindProperty] public bool AddRow { get; set; }

    public static string Field(string apiField) => char.ToUpperInvariant(apiField[0]) + apiField[1..];

    public string? SystemValue(string field) => typeof(SystemForm).GetProperty(Field(field))!.GetValue(System) as string;

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await Load(ct);
        ModelState.Clear(); // the form's own reading below names every problem in the page's language
        if (AddRow)
        {
            Rows = Math.Min(MaxRows, Math.Max(Rows, Results.Count) + 1);
            FillRows();
            return Page();
        }
        var system = ReadSystem();
        var sent = new List<(int Row, CompatibilityApi.MeasuredResult Result)>();
        for (var i = 0; i < Results.Count; i++)
            if (!Results[i].Empty && ReadRow(i, Results[i]) is { } result) sent.Add((i, result));
        FillRows();
        if (!ModelState.IsValid) return Page();
        try
        {
            Submitted = await compatibility.SubmitEvaluation(ProductId, Standard, Version, Blank(Division), Blank(Category),
                AvailableBy is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero) : null, system, sent.Select(s => s.Result).ToList(), ct);
        }
        catch (ApiProblem problem)
        {
            // The service numbers the results it received; the form's rows include the empty ones left out.
            var fields = new List<(string, string)>
            {
                ("productId", nameof(ProductId)), ("standard", nameof(Standard)), ("version", nameof(Version)), ("division", nameof(Division)),
                ("category", nameof(Category)), ("availableBy", nameof(AvailableBy)), ("system", ""), ("results", ""),
            };
            fields.AddRange(SystemFields.Select(f => ($"system.{f}", $"System.{Field(f)}")));
            for (var n = 0; n < sent.Count; n++)
                fields.AddRange(new[] { "benchmark", "scenario", "score", "unit", "accuracy", "accuracyText", "power", "powerUnit", "logsUrl", "codeUrl" }
                    .Select(f => ($"results[{n}].{f}", $"Results[{sent[n].Row}].{Field(f == "accuracyText" ? "accuracy" : f)}")));
            Show(problem, [.. fields]);
        }
        return Page();
    }

    private CompatibilityApi.SystemDescription ReadSystem()
    {
        int? Whole(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            ModelState.AddModelError($"System.{Field(field)}", T["evalsub.whole-number"]);
            return null;
        }
        var s = System;
        return new(Blank(s.Name), Blank(s.SystemType), Whole("nodes", s.Nodes), Whole("acceleratorsPerNode", s.AcceleratorsPerNode), Blank(s.AcceleratorModel),
            Blank(s.Processor), Whole("processorsPerNode", s.ProcessorsPerNode), Whole("processorCores", s.ProcessorCores), Blank(s.Memory), Blank(s.Interconnect),
            Blank(s.Software), Blank(s.OperatingSystem));
    }

    private CompatibilityApi.MeasuredResult? ReadRow(int i, RowForm row)
    {
        var ok = true;
        double? Number(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (double.TryParse(value.Trim(), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            ModelState.AddModelError($"Results[{i}].{field}", T["evalsub.number"]);
            ok = false;
            return null;
        }
        var score = Number(nameof(RowForm.Score), row.Score);
        var power = Number(nameof(RowForm.Power), row.Power);
        Dictionary<string, double>? accuracy = null;
        if (!string.IsNullOrWhiteSpace(row.Accuracy))
        {
            accuracy = [];
            foreach (var part in row.Accuracy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                if (pair.Length == 2 && pair[0].Length > 0 && double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                    accuracy[pair[0]] = v;
                else { ModelState.AddModelError($"Results[{i}].Accuracy", T["evalsub.accuracy-format"]); ok = false; break; }
            }
        }
        var benchmark = Blank(row.Benchmark);
        var scenario = Blank(row.Scenario);
        // No unit given: the suite's unit of that benchmark in that scenario.
        var unit = Blank(row.Unit) ?? Suite?.Benchmarks?.FirstOrDefault(b => b.Id == benchmark)?.Scenarios.FirstOrDefault(s => s.Scenario == scenario)?.Unit;
        return ok ? new(benchmark, scenario, score, unit, accuracy, null, power, power is null ? Blank(row.PowerUnit) : Blank(row.PowerUnit) ?? "Watts",
            Blank(row.LogsUrl), Blank(row.CodeUrl)) : null;
    }

    private void FillRows()
    {
        Rows = Math.Clamp(Math.Max(Rows, Results.Count), 1, MaxRows);
        while (Results.Count < Rows) Results.Add(new RowForm());
    }

    private async Task Load(CancellationToken ct)
    {
        Rows = Math.Clamp(Rows, 1, MaxRows);
        if (User.MemberId() is { } me) Products = await compatibility.ProductsOf(me, ct);
        Suites = (await compatibility.Standards(ct)).Where(s => s.Kind == "evaluation").ToList();
        if (Standard is { Length: > 0 } code && await compatibility.Standard(code, ct) is { } standard)
        {
            Version = Blank(Version) ?? Suites.FirstOrDefault(s => s.Code == code)?.LatestRatified ?? standard.Versions.LastOrDefault()?.Version;
            Suite = standard.Versions.FirstOrDefault(v => v.Version == Version)?.Evaluation;
        }
        if (Suite is not null) FillRows();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
