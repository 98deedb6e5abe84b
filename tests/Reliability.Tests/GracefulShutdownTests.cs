using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>SIGTERM during load: in-flight requests finish, nothing is half-written, the forwarder resumes where it stopped.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class GracefulShutdownTests(ChaosPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_terminated_registry_finishes_what_it_accepted_and_its_messages_follow_after_the_restart()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var load = new Load(platform, run);
        var n = ChaosPlatform.Full ? 600 : 300;

        var running = load.Run(actors, n, concurrency: 8, pace: TimeSpan.FromMilliseconds(50));
        await Eventually.True(() => Task.FromResult(load.Done >= n / 3), "load under way", TimeSpan.FromMinutes(2));
        await platform.Registry.Terminate();
        output.WriteLine($"Registry stopped gracefully after {load.Done} commands");
        platform.Registry.Start();
        await platform.Registry.WaitUntilReady(platform.Direct);
        await running;

        var report = await Ledger.Settle(platform, load, run, output, "graceful shutdown: SIGTERM Registry", $"retried commands: {load.Outcomes.Count(o => o.Attempts > 1)}");

        Assert.Equal(n, report.Accepted);
    }
}
