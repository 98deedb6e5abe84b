using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>GET /metrics on every process's own port, in the Prometheus text format; the gateway serves its own, never routes it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsEndpointTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output)
{
    private async Task<string> Scrape(ServiceProcess process)
    {
        using var response = await platform.Direct.GetAsync($"{process.Url}/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A sample line of the metric with the label (labels come in no fixed order).</summary>
    private static bool Has(string text, string metric, string label) =>
        text.Split('\n').Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));

    [Fact]
    public async Task Every_process_serves_http_runtime_and_process_metrics()
    {
        await platform.Http.GetAsync("/api/members");
        foreach (var process in platform.All)
        {
            var text = await Scrape(process);
            Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
            Assert.Contains("dotnet_gc_collections_total", text);
            Assert.Contains("process_memory_usage_bytes", text);
            Assert.Contains($"service_name=\"{process.Service.ToLowerInvariant()}\"", text);
        }
    }

    [Fact]
    public async Task A_service_reports_its_outbox_and_projection_lag_dead_letters_and_domain_counts()
    {
        await platform.Member($"Metered Member {Guid.NewGuid():N}");
        var registry = "";
        try
        {
            await Eventually.True(async () =>
            {
                registry = await Scrape(platform.Registry);
                return Has(registry, "alliance_outbox_confirmed_sequence", "name=\"outbox-forwarder\"")
                    && Has(registry, "alliance_outbox_lag_seconds", "name=\"outbox-forwarder\"")
                    && Has(registry, "alliance_members", "status=\"admitted\"")
                    && Has(registry, "alliance_events_high_water_mark", "");
            }, "Registry's outbox and member gauges");
        }
        finally
        {
            output.WriteLine(string.Join('\n', registry.Split('\n').Where(l => l.StartsWith("alliance") || l.Contains("# TYPE alliance"))));
        }
        var governance = await Scrape(platform.Governance);
        Assert.True(Has(governance, "alliance_dead_letters", "queue=\"governance-electorate_error\""), governance);
        Assert.True(Has(governance, "alliance_projection_lag_events", "name="), governance);
        // The member's admission was consumed: MassTransit's consumer metrics name the queue. MassTransit 8.5 gives its
        // counters the unit "ea" and its durations "ms", which the Prometheus exporter appends to the names.
        const string electorate = "messaging_masstransit_destination=\"governance-electorate\"";
        Assert.True(Has(governance, "messaging_masstransit_consume_ea_total", electorate), governance);
        Assert.True(Has(governance, "messaging_masstransit_consume_duration_milliseconds_count", electorate), governance);
        Assert.True(Has(governance, "messaging_masstransit_receive_ea_total", electorate), governance);
    }

    [Fact]
    public async Task The_gateway_answers_metrics_itself_and_routes_none_of_a_services()
    {
        var gateway = await Scrape(platform.Gateway);
        Assert.Contains("service_name=\"gateway\"", gateway);
        Assert.DoesNotContain("alliance_outbox", gateway);
        using var routed = await platform.Http.GetAsync("/api/metrics");
        Assert.Equal(HttpStatusCode.NotFound, routed.StatusCode);
    }
}
