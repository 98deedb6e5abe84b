using System.Diagnostics;
using System.Net;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>RabbitMQ and PostgreSQL go away during load and come back.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class OutageTests(ChaosPlatform platform, ITestOutputHelper output)
{
    private async Task<int> Readiness()
    {
        try
        {
            using var response = await platform.Direct.GetAsync($"{platform.Gateway.Url}/health/ready");
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private const int BurstWhileDown = 20;

    [Fact]
    public async Task With_the_broker_down_commands_are_still_accepted_and_every_message_arrives_after_it_returns()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var load = new Load(platform, run);
        var outage = TimeSpan.FromSeconds(ChaosPlatform.Full ? 30 : 10);
        // About 20 commands a second for twice the outage and more: the load runs before, during and after it.
        var n = (int)(20 * (outage.TotalSeconds * 2 + 15));

        var running = load.Run(actors, n, concurrency: 4, pace: TimeSpan.FromMilliseconds(200));
        await Eventually.True(() => Task.FromResult(load.Done >= 60), "load under way", TimeSpan.FromMinutes(2));
        await ChaosPlatform.Infra("rabbit-down");
        var downAt = DateTimeOffset.UtcNow;
        var down = Stopwatch.StartNew();
        var notReady = await Eventually.True(async () => await Readiness() == 503, "the platform says not ready", TimeSpan.FromSeconds(30));
        // Commands sent while it is down, and the broker kept down until they are answered: on a loaded machine
        // stopping RabbitMQ took so long that the main load had ended before it was down, and nothing was sent in the
        // outage (0 answered while down). Commands that were not accepted end too (a 5xx, the patience), and fail below.
        var whileDown = load.Run(actors, BurstWhileDown, concurrency: 2, patience: TimeSpan.FromSeconds(60));
        await Task.Delay(outage - down.Elapsed > TimeSpan.Zero ? outage - down.Elapsed : TimeSpan.Zero);
        await whileDown;
        var upAt = DateTimeOffset.UtcNow;
        await ChaosPlatform.Infra("rabbit-up");
        await running;
        await Eventually.True(async () => await Readiness() == 200, "ready again", TimeSpan.FromSeconds(60));
        var acceptedWhileDown = load.Outcomes.Count(o => o.Applied && o.Finished > downAt && o.Finished < upAt);
        var report = await Ledger.Settle(platform, load, run, output, $"broker outage {outage.TotalSeconds:0} s",
            $"{acceptedWhileDown} commands answered while the broker was down; not ready after {notReady.TotalSeconds:0.0} s");

        Assert.True(acceptedWhileDown >= BurstWhileDown, $"commands are accepted while the broker is down (the event store is the outbox): {acceptedWhileDown}");
        Assert.Equal(n + BurstWhileDown, report.Accepted);
    }

    [Fact]
    public async Task With_the_database_down_requests_fail_fast_with_503_and_the_services_recover_by_themselves()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var load = new Load(platform, run);
        var outage = TimeSpan.FromSeconds(ChaosPlatform.Full ? 20 : 8);
        var n = (int)(20 * (outage.TotalSeconds * 2 + 15));

        var running = load.Run(actors, n, concurrency: 4, patience: TimeSpan.FromSeconds(180), pace: TimeSpan.FromMilliseconds(200));
        await Eventually.True(() => Task.FromResult(load.Done >= 60), "load under way", TimeSpan.FromMinutes(2));
        await ChaosPlatform.Infra("postgres-down");
        // While it is down: every answer is a 503 problem, and it comes quickly (no hang).
        var probes = new List<(int Status, string? Type, double Seconds)>();
        var down = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = platform.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        while (down.Elapsed < outage)
        {
            var clock = Stopwatch.StartNew();
            using var response = await probe.PostAsync("/api/members/applications", System.Net.Http.Json.JsonContent.Create(new
            { name = $"Probe {Guid.NewGuid():N}", kind = "company", country = "CN", website = "https://x.example.cn", contactEmail = "a@x.example.cn" }));
            probes.Add(((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, clock.Elapsed.TotalSeconds));
            await Task.Delay(500);
        }
        await ChaosPlatform.Infra("postgres-up");
        await running;
        await Eventually.True(async () => await Readiness() == 200, "ready again without a restart", TimeSpan.FromSeconds(90));
        output.WriteLine(string.Join(", ", probes.Select(p => $"{p.Status} in {p.Seconds:0.00} s")));
        var report = await Ledger.Settle(platform, load, run, output, $"database outage {outage.TotalSeconds:0} s",
            $"{probes.Count} probes while down: {string.Join(", ", probes.GroupBy(p => p.Status).Select(g => $"{g.Count()}×{g.Key}"))}, slowest {probes.Max(p => p.Seconds):0.0} s");

        Assert.All(probes, p => Assert.Equal((int)HttpStatusCode.ServiceUnavailable, p.Status));
        Assert.All(probes, p => Assert.Equal("application/problem+json", p.Type));
        Assert.All(probes, p => Assert.True(p.Seconds < 20, $"a request during the outage took {p.Seconds:0.0} s"));
        Assert.Equal(n, report.Accepted);
    }
}
