using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Alliance.Cli;
using Spectre.Console;

namespace Alliance.Cli.Mlperf;

/// <summary>
/// Imports an MLPerf results table through the public API as the secretariat: the suite (a standard of kind evaluation)
/// and its version with the benchmarks, scenarios and units the table uses and the targets MLPerf defines, ratified at
/// the round's publication; the submitters as members and the systems as products; every system's results as one
/// submission cited by the table's own id, recorded as reviewed by MLCommons at the publication date. Idempotent:
/// what exists is found and reused. A bad row never stops the run: it is reported with its reason.
/// </summary>
public sealed class MlperfImporter(PlatformApi api, IAnsiConsole console, string standard = MlperfImporter.Code, DateTimeOffset? published = null)
{
    public const string Code = "MLPERF-INF";
    private const string Reviewer = "MLCommons";
    private readonly ConcurrentBag<string> _failures = [];
    private readonly List<string> _notes = [];

    public sealed record Summary(int Rows, int Systems, int Benchmarks, int MembersCreated, int MembersFound, int ProductsCreated, int ProductsFound,
        int SubmissionsCreated, int SubmissionsFound, int ResultsCreated, int ResultsFound, int Failed);

    public async Task<Summary> Run(string file)
    {
        var rows = MlperfRow.Read(file);
        await api.SignIn();
        var committee = await Committee();
        await EnsureStandard(committee);
        int membersCreated = 0, productsCreated = 0, productsFound = 0, created = 0, found = 0, resultsCreated = 0, resultsFound = 0;
        var members = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var rounds = rows.GroupBy(r => r.Round).ToList();
                var suiteTask = progress.AddTask("suite versions", maxValue: rounds.Count);
                var ready = new Dictionary<string, DateTimeOffset>();
                foreach (var round in rounds)
                {
                    if (await EnsureVersion(round.Key, round.ToList()) is { } at) ready[round.Key] = at;
                    suiteTask.Increment(1);
                }
                var usable = rows.Where(r => ready.ContainsKey(r.Round)).ToList();
                var submitters = usable.GroupBy(r => r.Submitter).ToList();
                var memberTask = progress.AddTask("submitters (members)", maxValue: submitters.Count);
                foreach (var group in submitters)
                {
                    try
                    {
                        var (id, isNew) = await Member(group.Key, group.Min(r => ready[r.Round]));
                        members[group.Key] = id;
                        if (isNew) membersCreated++;
                    }
                    catch (PlatformError e) { Fail(group, $"submitter '{group.Key}' could not be admitted: {e.Message}"); }
                    memberTask.Increment(1);
                }
                foreach (var id in members.Values) await WaitForVendor(id);
                var systems = usable.Where(r => members.ContainsKey(r.Submitter)).GroupBy(r => (r.Round, r.Id)).ToList();
                var products = new Dictionary<(string, string), Guid>();
                var productTask = progress.AddTask("systems (products)", maxValue: systems.Select(s => (s.First().Submitter, s.First().System)).Distinct().Count());
                foreach (var group in systems.GroupBy(s => (s.First().Submitter, s.First().System)))
                {
                    try
                    {
                        var (id, isNew) = await Product(members[group.Key.Submitter], group.Key.System);
                        products[group.Key] = id;
                        if (isNew) productsCreated++; else productsFound++;
                    }
                    catch (PlatformError e) { Fail(group.SelectMany(g => g), $"product '{group.Key.System}' could not be registered: {e.Message}"); }
                    productTask.Increment(1);
                }
                var submissionTask = progress.AddTask("results", maxValue: usable.Count);
                foreach (var system in systems)
                {
                    var first = system.First();
                    if (!products.TryGetValue((first.Submitter, first.System), out var product)) { submissionTask.Increment(system.Count()); continue; }
                    try
                    {
                        if (await api.Find($"api/evaluations/submissions/{Uri.EscapeDataString(first.Id)}") is { } existing)
                        {
                            found++;
                            resultsFound += existing["results"]!.AsArray().Count;
                        }
                        else
                        {
                            var answer = await api.Post("api/evaluations/submissions", Submission(system.ToList(), product, ready[first.Round]));
                            created++;
                            foreach (var result in answer["results"]!.AsArray())
                                if (result!["checksFailed"]!.AsArray() is { Count: > 0 } failed)
                                    _failures.Add($"{first.Id} {result["benchmark"]}/{result["scenario"]}: checks failed: {string.Join("; ", failed.Select(f => (string)f!))}");
                                else resultsCreated++;
                            if (answer["checksFailed"]!.AsArray() is { Count: > 0 } whole)
                                Fail(system, $"checks failed: {string.Join("; ", whole.Select(f => (string)f!))}");
                        }
                    }
                    catch (PlatformError e) { Fail(system, $"could not be submitted: {e.Message}"); }
                    submissionTask.Increment(system.Count());
                }
            });
        var summary = new Summary(rows.Count, rows.Select(r => (r.Round, r.Id)).Distinct().Count(), rows.Select(r => r.Model).Distinct().Count(),
            membersCreated, members.Count - membersCreated, productsCreated, productsFound, created, found, resultsCreated, resultsFound, _failures.Count);
        var table = new Table().AddColumn("").AddColumn("created").AddColumn("found");
        table.AddRow("members (submitters)", $"{summary.MembersCreated}", $"{summary.MembersFound}");
        table.AddRow("products (systems)", $"{summary.ProductsCreated}", $"{summary.ProductsFound}");
        table.AddRow("submissions", $"{summary.SubmissionsCreated}", $"{summary.SubmissionsFound}");
        table.AddRow("results", $"{summary.ResultsCreated}", $"{summary.ResultsFound}");
        console.Write(table);
        console.MarkupLineInterpolated($"{summary.Rows} rows: {summary.Systems} systems, {summary.Benchmarks} benchmarks; {summary.Failed} not loaded.");
        foreach (var note in _notes) console.MarkupLineInterpolated($"  note: {note}");
        foreach (var failure in _failures.OrderBy(f => f, StringComparer.Ordinal)) console.MarkupLineInterpolated($"  not loaded: {failure}");
        return summary;
    }

    private void Fail(IEnumerable<MlperfRow> rows, string reason)
    {
        foreach (var row in rows) _failures.Add($"row {row.Index + 1} ({row.Id} {row.Model}/{row.Scenario}): {reason}");
    }

    private async Task<Guid> Committee()
    {
        const string name = "MLPerf benchmark suites";
        var existing = (await api.Get("api/committees?purpose=standards&pageSize=200"))["items"]!.AsArray().FirstOrDefault(c => (string)c!["name"]! == name);
        if (existing is not null) return (Guid)existing["committeeId"]!;
        return (Guid)(await api.Post("api/committees", new { name, purpose = "standards", defaultProfile = "two-thirds-of-cast" }))["committeeId"]!;
    }

    private async Task EnsureStandard(Guid committee)
    {
        if ((await api.Get("api/standards")).AsArray().Any(s => (string)s!["code"]! == standard)) return;
        await api.Post("api/standards", new
        {
            code = standard,
            title = "MLPerf Inference",
            description = "MLCommons MLPerf Inference benchmark rounds, imported from MLCommons' published results tables (inference_results_vX.Y summary_results.json).",
            committeeId = committee,
            kind = "evaluation",
        });
    }

    /// <summary>The round's version, defined from the table and MLPerf's rules, ratified at the round's publication; null when it cannot be used.</summary>
    private async Task<DateTimeOffset?> EnsureVersion(string round, List<MlperfRow> rows)
    {
        var at = published ?? (MlperfRules.Published.TryGetValue(round, out var known) ? known : (DateTimeOffset?)null);
        if (at is null)
        {
            Fail(rows, $"no publication date known for round {round}: pass --published");
            return null;
        }
        try
        {
            var versions = (await api.Get($"api/standards/{standard}"))["versions"]!.AsArray();
            var existing = versions.FirstOrDefault(v => (string)v!["version"]! == round);
            if (existing is null) await api.Post($"api/standards/{standard}/versions", new { version = round, evaluation = Suite(round, rows) });
            if (existing is null || (string)existing["status"]! == "draft")
                await api.Post($"api/standards/{standard}/versions/{round}/historical-ratification", new { effectiveAt = at, source = $"MLCommons MLPerf Inference {round} publication" });
            return at;
        }
        catch (PlatformError e)
        {
            Fail(rows, $"round {round} could not be set up: {e.Message}");
            return null;
        }
    }

    private object Suite(string round, List<MlperfRow> rows)
    {
        var benchmarks = rows.GroupBy(r => r.Model).Select(b =>
        {
            if (!MlperfRules.AccuracyTargets.TryGetValue(b.Key, out var targets))
                _notes.Add($"{b.Key}: no accuracy target known for this benchmark; results are imported without the accuracy check");
            return new
            {
                id = b.Key,
                title = (string?)null,
                accuracyTargets = (targets ?? []).Select(t => new { metric = t.Metric, minimum = t.Minimum, maximum = t.Maximum }).ToArray(),
                // The unit each scenario reports in, as the table gives it (the most common, should rows disagree).
                scenarios = b.GroupBy(r => r.Scenario).Select(s => new { scenario = s.Key, unit = s.GroupBy(r => r.Unit).OrderByDescending(u => u.Count()).First().Key }).ToArray(),
            };
        }).ToArray();
        var scenarios = rows.Select(r => r.Scenario).Distinct().Select(s => MlperfRules.Scenarios.TryGetValue(s, out var known)
            ? new { id = s, metric = known.Metric, higherIsBetter = known.HigherIsBetter }
            : new { id = s, metric = "as reported", higherIsBetter = !rows.Any(r => r.Scenario == s && r.Unit.Contains("Latency", StringComparison.OrdinalIgnoreCase)) }).ToArray();
        var divisions = rows.Select(r => r.Division).Distinct().Select(d => new
        {
            id = d,
            description = MlperfRules.Divisions.TryGetValue(d, out var known) ? known.Description : null,
            referenceRulesApply = !MlperfRules.Divisions.TryGetValue(d, out var k) || k.ReferenceRulesApply,
        }).ToArray();
        return new
        {
            round,
            benchmarks,
            scenarios,
            divisions,
            categories = new object[]
            {
                new { id = "available", description = "available to third parties, with public evidence" },
                new { id = "preview", description = "must be available by the next round or 140 days later, whichever is longer", availableWithinDays = MlperfRules.PreviewDays },
                new { id = "research", description = "research, development or internal" },
            },
            requiredSystemFields = new[] { "name", "systemType", "nodes", "acceleratorsPerNode", "acceleratorModel", "processor", "software", "operatingSystem" },
            reviewWindowDays = 28,
        };
    }

    private async Task<(Guid, bool)> Member(string name, DateTimeOffset since)
    {
        var found = (await api.Get($"api/members?q={Uri.EscapeDataString(name)}&pageSize=200"))["items"]!.AsArray()
            .FirstOrDefault(m => string.Equals((string)m!["name"]!, name, StringComparison.OrdinalIgnoreCase));
        var id = found is not null ? (Guid)found["memberId"]!
            : (Guid)(await api.Post("api/members/applications", new { name, kind = "company", effectiveAt = since, source = "MLCommons MLPerf results" }))["memberId"]!;
        if (found is null || (string)found["status"]! == "applied")
            await api.Post($"api/members/{id}/admission", new { tier = "general", effectiveAt = since, source = "MLCommons MLPerf results" });
        return (id, found is null);
    }

    /// <summary>Compatibility learns of an admission from Registry's message: a product registered before that would be refused.</summary>
    private async Task WaitForVendor(Guid member)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await api.Get($"api/vendors?member={member}"))["items"]!.AsArray().Count > 0) return;
            await Task.Delay(100);
        }
    }

    private async Task<(Guid, bool)> Product(Guid vendor, string name)
    {
        var found = (await api.Get($"api/products?vendor={vendor}&name={Uri.EscapeDataString(name)}")).AsArray().FirstOrDefault();
        if (found is not null) return ((Guid)found["productId"]!, false);
        return ((Guid)(await api.Post("api/products", new { vendorId = vendor, name, type = "server" }))["productId"]!, true);
    }

    private object Submission(List<MlperfRow> rows, Guid product, DateTimeOffset at)
    {
        var first = rows[0];
        return new
        {
            productId = product,
            standard,
            version = first.Round,
            division = first.Division,
            category = first.Availability,
            system = new
            {
                name = first.System,
                systemType = first.Suite,
                nodes = first.Nodes,
                acceleratorsPerNode = first.AcceleratorsPerNode,
                acceleratorModel = first.Accelerator.Length > 0 ? first.Accelerator : null,
                processor = first.Processor,
                processorsPerNode = first.ProcessorsPerNode,
                processorCores = first.ProcessorCores,
                software = first.Software,
                operatingSystem = first.OperatingSystem,
            },
            results = rows.Select(r => new
            {
                benchmark = r.Model,
                scenario = r.Scenario,
                score = r.Score,
                unit = r.Unit,
                accuracy = r.Accuracy,
                accuracyText = r.AccuracyText,
                power = r.Power,
                powerUnit = r.PowerUnit,
                logsUrl = r.Details.Length > 0 ? r.Details : null,
                codeUrl = r.Code.Length > 0 ? r.Code : null,
            }).ToArray(),
            effectiveAt = at,
            source = $"mlcommons/inference_results_{first.Round} summary_results.json#{first.Id}",
            resultId = first.Id,
            reviewedBy = Reviewer,
            publishedAt = at,
        };
    }
}
