using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Two Governance instances whose ballot closers both find the same ballot due and both decide to close it: a
/// crash-point pause (Alliance.Hosting.FaultHooks) holds each closer after it read the ballot until both have,
/// then releases them together, so the race is certain rather than hoped for. One close and one decision are stored.
/// Normally only one instance runs the closer (Alliance.Hosting.Leadership); the second instance here leads in a scope
/// of its own, as in a split brain, to show that the event store's optimistic concurrency still stores one close.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DeadlineRaceTests(PlatformFixture platform)
{
    private const string Point = "deadline-after-fetch"; // Alliance.Hosting.FaultHooks.DeadlineAfterFetch

    [Fact]
    public async Task Two_governance_instances_racing_to_close_one_ballot_close_it_once_and_reach_one_decision()
    {
        var ballots = new BallotFlowTests(platform);
        var pool = await platform.Pool(2);
        var committee = await ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        using var second = platform.SecondInstance(platform.Governance, new Dictionary<string, string> { ["Leadership:Scope"] = "split-brain" });
        second.Start();
        await second.WaitUntilReady(platform.Direct);
        var folders = new[] { platform.FaultHookFolder("governance"), platform.FaultHookFolder("governance-2") };
        // Ten seconds: the vote below must be cast before the ballot closes; at three, a loaded machine (the whole
        // suite on two cores) took longer than that from the opening to the vote, and the vote got 409 "closed".
        var ballot = await ballots.Open(committee, "simple-majority", closesAt: DateTimeOffset.UtcNow.AddSeconds(10),
            overrideReason: "Test of two closing workers racing: closes in 10 s instead of the week simple-majority needs");
        foreach (var folder in folders) File.WriteAllText(Path.Combine(folder, Point), "");
        try
        {
            await Race(ballot, folders, pool);
        }
        finally
        {
            // An armed point left behind would hold the next test's closer for 30 s.
            foreach (var folder in folders)
                foreach (var file in new[] { Point, Point + ".reached", Point + ".release" }) File.Delete(Path.Combine(folder, file));
        }
    }

    private async Task Race(Guid ballot, string[] folders, IReadOnlyList<PlatformFixture.PoolMember> pool)
    {
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        await Eventually.True(() => Task.FromResult(folders.All(f => File.Exists(Path.Combine(f, Point + ".reached")))),
            "both closers read the due ballot and are held");
        foreach (var folder in folders) File.WriteAllText(Path.Combine(folder, Point + ".release"), "");

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/ballots/{ballot}"))["status"]! == "decided", "the ballot closed");
        Assert.Equal(1L, await Stored("ballot_closed", ballot));
        Assert.Equal(1L, await Stored("decision_reached", ballot));
        // Both instances had decided to close it (each was held after its Decide returned events, the ".reached" files):
        // the loser's append met the winner's version and stored nothing.
    }

    private async Task<long> Stored(string type, Guid ballot)
    {
        await using var db = new NpgsqlConnection(platform.Servers.ConnectionString("governance"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from mt_events where stream_id = $1 and type = $2", db)
        { Parameters = { new() { Value = ballot }, new() { Value = type } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
