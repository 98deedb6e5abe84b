using Alliance.Testing;
using Npgsql;
using Xunit;
using Contract = Alliance.Contracts.Governance;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The outbox's one hard window, hit on purpose: Governance's forwarder dies after RabbitMQ confirmed a decision
/// and before the daemon committed its checkpoint (a crash point, not a kill that lands somewhere by luck).
/// The restarted forwarder must send the decision again, with the same message id, and the requester must
/// ratify once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ForwarderCrashTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_forwarder_killed_between_the_brokers_confirm_and_its_checkpoint_sends_again_and_the_version_is_ratified_once()
    {
        var ballots = new BallotFlowTests(platform);
        var standards = new CompatibilityFlowTests(platform);
        var pool = await platform.Pool(2);
        var committee = await ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await standards.RatifiedStandard(CompatibilityFlowTests.NewCode(), pool, committee);
        await using var probe = await MessageProbe<Contract.DecisionRecorded>.Start(platform.Servers);
        await using var opened = await MessageProbe<Contract.BallotOpened>.Start(platform.Servers);
        (await platform.Secretariat.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null)).EnsureSuccessStatusCode();
        var ballot = await ballots.BallotOn(committee, $"{code}/2.0");
        foreach (var m in pool) (await m.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        // Armed only once the forwarder has sent the ballot's opening, so the page it dies on is the decision's.
        await Eventually.True(() => Task.FromResult(opened.Received.Any(m => m.Message.BallotId == ballot)), "BallotOpened forwarded");

        platform.ArmFault("governance", "forwarder-after-confirm"); // Alliance.Hosting.FaultHooks.ForwarderAfterConfirm
        // The forwarder wakes on the commit, so the process may die before the closure's answer leaves it (502).
        using (var closure = await platform.Secretariat.PostAsync($"/api/ballots/{ballot}/closure", null))
            Assert.True(closure.IsSuccessStatusCode || closure.StatusCode == System.Net.HttpStatusCode.BadGateway, $"closure: {closure.StatusCode}");
        await Eventually.True(() => Task.FromResult(platform.Governance.HasExited), "Governance ended at the crash point");
        // The precondition of the scenario, checked rather than hoped for: the decision was confirmed (and delivered)
        // before the process died, so what follows is a replay of a page whose checkpoint was never written.
        await Eventually.True(() => Task.FromResult(probe.Received.Any(m => m.Message.BallotId == ballot)), "the decision confirmed before the crash", TimeSpan.FromSeconds(10));
        var first = Assert.Single(probe.Received, m => m.Message.BallotId == ballot);

        platform.Governance.Start();
        await platform.Governance.WaitUntilReady(platform.Direct);
        await Eventually.True(() => Task.FromResult(probe.Received.Count(m => m.Message.BallotId == ballot) >= 2), "the decision sent again after the restart");
        Assert.All(probe.Received.Where(m => m.Message.BallotId == ballot), m => Assert.Equal(first.MessageId, m.MessageId));

        // Compatibility got the decision twice (once before the crash, once from the replay) and ratified once.
        await Eventually.True(() => Task.FromResult(platform.Compatibility.Log.Contains($"already handled DecisionRecorded {first.MessageId}")),
            "Compatibility handled the second delivery");
        Assert.Equal(1L, await RatificationsStored(code));
        Assert.Equal("ratified", (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]!);
    }

    private async Task<long> RatificationsStored(string code)
    {
        await using var db = new NpgsqlConnection(platform.Servers.ConnectionString("compatibility"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from mt_events where type = 'standard_version_ratified' and coalesce(data ->> 'Code', data ->> 'code') = $1", db)
        { Parameters = { new() { Value = code } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
