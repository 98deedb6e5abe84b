using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>kill -9 of each service in turn during a mixed load: nothing accepted is lost or doubled.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class CrashTests(ChaosPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_services_during_load_loses_and_doubles_nothing_and_read_models_converge()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var load = new Load(platform, run);
        var n = ChaosPlatform.Full ? 1200 : 300;
        var victims = ChaosPlatform.Full ? platform.Services.ToList() : [platform.Governance];

        var running = load.Run(actors, n);
        foreach (var (victim, i) in victims.Select((v, i) => (v, i)))
        {
            // Each service dies at an even share of the load, mid-request, and comes back at once.
            await Eventually.True(() => Task.FromResult(load.Done >= n * (i + 1) / (victims.Count + 1)), "load under way", TimeSpan.FromMinutes(5));
            victim.Kill();
            output.WriteLine($"killed {victim.Service} after {load.Done} commands");
            victim.Start();
            await victim.WaitUntilReady(platform.Direct);
        }
        await running;

        var report = await Ledger.Settle(platform, load, run, output, $"crash: kill -9 {string.Join(", ", victims.Select(v => v.Service))}",
            $"retried commands: {load.Outcomes.Count(o => o.Attempts > 1)}");

        Assert.True(report.Accepted >= n * 0.95, $"{report.Accepted} of {n} commands got an answer saying they applied");
        // The read models written with the events agree with the events.
        Assert.Equal(await platform.Count("registry", "select count(*) from mt_events where type = 'project_proposed'"),
            await platform.Count("registry", "select count(*) from projects"));
        Assert.Equal(await platform.Count("compatibility", "select count(*) from mt_events where type = 'certification_submitted'"),
            await platform.Count("compatibility", "select count(*) from certifications"));
    }
}
