using System.Globalization;
using System.Text.Json.Nodes;
using Alliance.Cli;
using Alliance.Cli.Mlperf;
using Alliance.Testing;
using Spectre.Console;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests.Evaluations;

/// <summary>
/// MLCommons' MLPerf Inference v4.1 results table through the public API, twice: every result loads once as reviewed
/// by MLCommons, and the results table answers exactly what the file says. Every expected number comes from the file.
/// </summary>
[Collection(FreshPlatformCollection.Name)]
public sealed class MlperfImportTests(FreshPlatformFixture platform, ITestOutputHelper output)
{
    private static string DataFile =>
        Environment.GetEnvironmentVariable("ALLIANCE_MLPERF_JSON") ?? Path.Combine(ServiceProcess.RepoRoot, "..", "shared", "data", "mlperf-inference-v4.1.json");

    [Fact]
    public async Task The_mlperf_inference_results_load_completely_once_and_the_table_answers_as_the_file_does()
    {
        Assert.True(File.Exists(DataFile), $"The data set is expected at {DataFile} (or ALLIANCE_MLPERF_JSON).");
        var log = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(log), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        MlperfImporter NewImporter() => new(new PlatformApi(platform.Gateway.Url, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret), console);

        var first = await NewImporter().Run(DataFile);
        var second = await NewImporter().Run(DataFile);
        output.WriteLine(log.ToString());

        var file = JsonNode.Parse(await File.ReadAllTextAsync(DataFile))!.AsArray();
        string S(JsonNode? row, string field) => row![field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : row[field]?.ToJsonString() ?? "";
        Assert.Equal(file.Count, first.Rows);
        Assert.Equal(937, first.Rows);
        Assert.Equal(130, first.Systems);
        Assert.Equal((0, 937, 130), (first.Failed, first.ResultsCreated, first.SubmissionsCreated));
        Assert.Equal((0, 0, 0, 0), (second.MembersCreated, second.ProductsCreated, second.SubmissionsCreated, second.ResultsCreated));
        Assert.Equal((130, 937, 0), (second.SubmissionsFound, second.ResultsFound, second.Failed));
        Assert.Equal(file.Select(r => S(r, "Submitter")).Distinct().Count(), first.MembersCreated + first.MembersFound);

        const string suite = MlperfImporter.Code;
        async Task<int> Total(string query) => (int)(await platform.Http.GetNode($"/api/evaluations/results?standard={suite}&pageSize=1&{query}"))["total"]!;
        Assert.Equal(937, await Total(""));
        foreach (var group in file.GroupBy(r => (Division: S(r, "Category"), Scenario: S(r, "Scenario"))))
            Assert.Equal(group.Count(), await Total($"division={group.Key.Division}&scenario={group.Key.Scenario}"));

        // The headline filter: exactly the file's rows, best first (throughput: higher is better; ties by result id).
        var expected = file.Where(r => S(r, "Model") == "llama2-70b-99" && S(r, "Scenario") == "Offline" && S(r, "Category") == "closed")
            .Select(r => (Id: S(r, "ID"), Score: (double)r!["Performance_Result"]!))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var page = await platform.Http.GetNode($"/api/evaluations/results?benchmark=llama2-70b-99&scenario=Offline&division=closed&pageSize=200");
        Assert.Equal(expected.Count, (int)page["total"]!);
        Assert.Equal(expected, page["items"]!.AsArray().Select(r => ((string)r!["resultId"]!, (double)r["score"]!)).ToList());
        var top = page["items"]![0]!;
        Assert.Equal("MLCommons", (string)top["reviewedBy"]!);
        Assert.Equal(new DateTimeOffset(2024, 8, 28, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset)top["publishedAt"]!);
        // The product's page lists its published results beside its certifications.
        var product = await platform.Http.GetNode($"/api/products/{top["productId"]}");
        Assert.Contains(product["evaluations"]!.AsArray(), e => (string)e!["resultId"]! == (string)top["resultId"]! && (string)e["benchmark"]! == "llama2-70b-99");

        // A latency scenario sorts lowest first.
        var latencies = file.Where(r => S(r, "Model") == "resnet" && S(r, "Scenario") == "SingleStream").Select(r => (double)r!["Performance_Result"]!).Order().ToList();
        Assert.Equal(latencies, (await platform.Http.GetNode($"/api/evaluations/results?standard={suite}&benchmark=resnet&scenario=SingleStream&pageSize=200"))["items"]!
            .AsArray().Select(r => (double)r!["score"]!));

        // Per watt exactly where the file measured power in watts (a throughput); never elsewhere.
        var all = (await platform.Http.GetNode($"/api/evaluations/results.json?standard={suite}"))["items"]!.AsArray();
        Assert.Equal(937, all.Count);
        Assert.Equal(file.Count(r => S(r, "Power_Units") == "Watts" && S(r, "Performance_Units") != "Latency (ms)"), all.Count(r => r!["perWatt"] is not null));
        Assert.Equal(file.Count(r => r!["Power_Result"] is null), all.Count(r => r!["power"] is null));
        // Per accelerator only for systems with accelerators (the file's CPU-only rows have none).
        Assert.Equal(file.Count(r => S(r, "Accelerator").Length == 0 && S(r, "Performance_Units") != "Latency (ms)"),
            all.Count(r => r!["perAccelerator"] is null && (string)r["unit"]! != "Latency (ms)"));

        // As of the day before the round's publication nothing was public.
        Assert.Equal(0, await Total("asOf=2024-08-27T00:00:00Z"));
        // The table's own ids cite each system.
        var system = await platform.Http.GetNode("/api/evaluations/submissions/v4.1-0001");
        Assert.Equal(file.Count(r => S(r, "ID") == "v4.1-0001"), system["results"]!.AsArray().Count);
        Assert.Equal("published", (string)system["status"]!);
    }
}
