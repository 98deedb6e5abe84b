using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>
/// Two instances of every service under the crash scenario's mixed load: kill -9 of one instance at a time (the first
/// of each service, then in the full run the second), restarted at once. The other instance takes the traffic (a
/// request cut by the kill is retried by the client with its Idempotency-Key) and the work done once (Marten's daemon
/// with the outbox, the deadline workers) moves to it. Nothing accepted is lost or doubled, and every instance reads
/// what was acknowledged.
/// </summary>
[Collection(ScaledChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ScaleOutCrashTests(ScaledChaosPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_one_instance_of_each_service_in_turn_during_load_loses_and_doubles_nothing()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var load = new Load(platform, run);
        var n = ChaosPlatform.Full ? 1200 : 300;
        var services = ChaosPlatform.Full ? platform.Services.ToList() : [platform.Registry, platform.Governance];
        var victims = services.Select(s => platform.InstancesOf(s)[0])
            .Concat(ChaosPlatform.Full ? services.Select(s => platform.InstancesOf(s)[1]) : []).ToList();

        var running = load.Run(actors, n);
        foreach (var (victim, i) in victims.Select((v, i) => (v, i)))
        {
            await Eventually.True(() => Task.FromResult(load.Done >= n * (i + 1) / (victims.Count + 1)), "load under way", TimeSpan.FromMinutes(5));
            victim.Kill();
            output.WriteLine($"killed {victim.Name} after {load.Done} commands");
            victim.Start();
            await victim.WaitUntilReady(platform.Direct);
        }
        await running;

        var report = await Ledger.Settle(platform, load, run, output, $"scale-out: kill -9 one of two instances of {string.Join(", ", victims.Select(v => v.Name))}",
            $"retried commands: {load.Outcomes.Count(o => o.Attempts > 1)}");
        Assert.True(report.Accepted >= n * 0.95, $"{report.Accepted} of {n} commands got an answer saying they applied");

        // Every instance answers what was acknowledged: each admitted member reads as admitted on both Registry instances,
        // each accepted vote is counted by both Governance instances.
        var admitted = load.Accepted("admit").Select(o => Guid.Parse(o.Marker)).Take(20).ToList();
        foreach (var registry in platform.InstancesOf(platform.Registry))
            foreach (var member in admitted)
                Assert.Equal("admitted", (string)(await platform.Direct.GetFromJsonAsync<JsonObject>($"{registry.Url}/members/{member}"))!["status"]!);
        foreach (var governance in platform.InstancesOf(platform.Governance))
        {
            var votes = (await platform.Direct.GetFromJsonAsync<JsonArray>($"{governance.Url}/ballots/{actors.Ballot}/votes"))!;
            Assert.Equal(actors.Voters.Count, votes.Count);
        }
    }
}
