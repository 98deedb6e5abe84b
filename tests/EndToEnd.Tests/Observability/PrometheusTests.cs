using System.Diagnostics;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's, started by deploy/observe.sh as make observe starts it) scrapes every process of a
/// test platform; its HTTP API then answers for every target's up and for a projection's lag. The rule files it
/// loads are checked with promtool, and their unit tests (deploy/observability/alerts.test.yml) run.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PrometheusTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly string Observability = Path.Combine(ServiceProcess.RepoRoot, "deploy", "observability");

    [Fact]
    public async Task Prometheus_scrapes_every_process_and_answers_for_projection_lag()
    {
        var dir = Directory.CreateTempSubdirectory("alliance-observe-").FullName;
        var port = ServiceProcess.FreePort();
        var targets = string.Join(' ', platform.All.Select(p => $"{p.Service.ToLowerInvariant()}={new Uri(p.Url).Authority}"));
        var environment = new Dictionary<string, string> { ["OBSERVE_DIR"] = dir, ["OBSERVE_PORT"] = port.ToString(), ["OBSERVE_INTERVAL"] = "1s", ["OBSERVE_TARGETS"] = targets };
        try
        {
            var (code, text) = await Run("bash", [Path.Combine(ServiceProcess.RepoRoot, "deploy", "observe.sh"), "up"], environment);
            output.WriteLine(text);
            Assert.True(code == 0, text);
            Assert.Contains($"http://127.0.0.1:{port}/", text);

            using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            async Task<JsonArray> Query(string promql) =>
                (await prometheus.GetNode($"/api/v1/query?query={Uri.EscapeDataString(promql)}"))["data"]!["result"]!.AsArray();

            var count = platform.All.Count();
            await Eventually.True(async () => (await Query("up")).Count == count && (await Query("up == 1")).Count == count,
                $"all {count} targets scraped and up");
            var jobs = (await Query("up == 1")).Select(r => (string)r!["metric"]!["job"]!).Order().ToList();
            Assert.Equal(["compatibility", "gateway", "governance", "market", "notifications", "portal", "registry", "transparency"], jobs);

            // A projection's lag and the outbox's, as the alert rules read them.
            await Eventually.True(async () => (await Query("alliance_projection_lag_seconds{job=\"registry\"}")).Count > 0,
                "Registry's projection lag scraped");
            var outbox = await Query("alliance_outbox_lag_seconds");
            Assert.Equal(["compatibility", "governance", "market", "notifications", "registry", "transparency"], outbox.Select(r => (string)r!["metric"]!["job"]!).Order().ToList());
        }
        finally
        {
            await Run("bash", [Path.Combine(ServiceProcess.RepoRoot, "deploy", "observe.sh"), "stop"], environment);
            if (File.Exists(Path.Combine(dir, "prometheus.log"))) output.WriteLine(File.ReadAllText(Path.Combine(dir, "prometheus.log")));
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_alert_rules_are_valid_and_fire_on_the_series_they_are_for()
    {
        var (checkCode, check) = await Run("promtool", ["check", "rules", Path.Combine(Observability, "alerts.yml")]);
        Assert.True(checkCode == 0, check);
        var (testCode, test) = await Run("promtool", ["test", "rules", Path.Combine(Observability, "alerts.test.yml")]);
        Assert.True(testCode == 0, test);
    }

    [Fact]
    public void The_dashboard_shows_every_figure_the_alerts_watch()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Observability, "grafana-dashboard.json")))!;
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        foreach (var metric in new[] { "alliance_projection_lag_seconds", "alliance_outbox_lag_seconds", "alliance_dead_letters", "alliance_ready", "http_server_request_duration_seconds_bucket" })
            Assert.Contains(expressions, e => e.Contains(metric));
    }

    private static async Task<(int Code, string Output)> Run(string file, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
