using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>
/// GET /metrics is for the operator's scraper: answered to the loopback (and Metrics:AllowedNetworks), 404 to anyone
/// else, whether the client reaches the process's port over the network or through a proxy the service trusts.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MetricsAccessTests(PlatformFixture platform)
{
    /// <summary>An address of this machine's own that is not the loopback (the network interface a scraper elsewhere would use).</summary>
    private static IPAddress NetworkAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("this machine has no non-loopback IPv4 address to reach a service from");

    [Fact]
    public async Task A_client_on_the_network_gets_404_where_the_loopback_gets_the_figures()
    {
        // A second Registry listening on the loopback and on the machine's network address: the same process, two
        // kinds of client. A request to the network address arrives from it (not 127.0.0.1), as a remote scraper's would.
        var network = NetworkAddress();
        var (loopbackPort, networkPort) = (ServiceProcess.FreePort(), ServiceProcess.FreePort());
        using var registry = platform.SecondInstance(platform.Registry, new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Loopback:Url"] = $"http://127.0.0.1:{loopbackPort}",
            ["Kestrel:Endpoints:Network:Url"] = $"http://{network}:{networkPort}",
            // Host filtering (appsettings: the loopback's names) would answer 400 to a request for the network address
            // before the metrics rule is reached: an operator exposing a service on the network widens it the same way.
            ["AllowedHosts"] = "*",
        });
        registry.Start();
        await Eventually.True(async () =>
        {
            if (registry.HasExited) throw new InvalidOperationException($"Registry exited:\n{registry.Log}");
            try { using var ready = await platform.Direct.GetAsync($"http://127.0.0.1:{loopbackPort}/health/ready"); return ready.IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, "the second Registry ready", TimeSpan.FromSeconds(180));

        using var local = await platform.Direct.GetAsync($"http://127.0.0.1:{loopbackPort}/metrics");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("alliance_ready", await local.Content.ReadAsStringAsync());
        // The same process over the network: its health answers (the address works), its figures do not exist.
        using var health = await platform.Direct.GetAsync($"http://{network}:{networkPort}/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var remote = await platform.Direct.GetAsync($"http://{network}:{networkPort}/metrics");
        Assert.Equal(HttpStatusCode.NotFound, remote.StatusCode);
        Assert.DoesNotContain("alliance_", await remote.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_behind_a_trusted_proxy_is_judged_by_its_own_address()
    {
        // The services trust the loopback's X-Forwarded-For (the gateway's): the client it names is not the loopback.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, $"{platform.Registry.Url}/metrics");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var refused = await platform.Direct.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var direct = await platform.Direct.GetAsync($"{platform.Registry.Url}/metrics");
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
    }

    [Fact]
    public async Task The_gateway_routes_no_services_metrics()
    {
        // The gateway's /metrics is its own (no service's outbox or domain figures); no route under /api leads to a service's.
        using var own = await platform.Direct.GetAsync($"{platform.Gateway.Url}/metrics");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var text = await own.Content.ReadAsStringAsync();
        Assert.Contains("service_name=\"gateway\"", text);
        Assert.DoesNotContain("alliance_outbox", text);
        Assert.DoesNotContain("alliance_members", text);
        foreach (var path in new[] { "/api/metrics", "/api/members/metrics", "/api/registry/metrics", "/api/compatibility/metrics" })
        {
            using var routed = await platform.Http.GetAsync(path);
            var body = await routed.Content.ReadAsStringAsync();
            Assert.False(routed.StatusCode == HttpStatusCode.OK && body.Contains("# TYPE"), $"{path} answered a scrape through the gateway");
        }
    }
}
