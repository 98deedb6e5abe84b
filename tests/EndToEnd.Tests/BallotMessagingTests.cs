using System.Net;
using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Governance;
using Requester = Alliance.Contracts.Compatibility;

namespace Alliance.EndToEnd.Tests;

/// <summary>Ballots asked for by other services over RabbitMQ, and closing on time across restarts.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BallotMessagingTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _flows = new(platform);

    private static Requester.BallotRequested Request(Guid requestId, Guid committee, DateTimeOffset? closesAt = null) => new(
        requestId, "compatibility", "standard-version-ratification", "ACI/2.0", "ACI 2.0", committee, null, "simple-majority",
        "Ratify ACI 2.0?", closesAt ?? DateTimeOffset.UtcNow.AddDays(7), "member/test", DateTimeOffset.UtcNow);

    private async Task<long> BallotsOpenedStored(Guid ballot)
    {
        await using var db = new Npgsql.NpgsqlConnection(platform.Servers.ConnectionString("governance"));
        await db.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from mt_events where stream_id = $1 and type = 'ballot_opened'", db) { Parameters = { new() { Value = ballot } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<bool> BallotExists(Guid id) => (await platform.Http.GetAsync($"/api/ballots/{id}")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task A_request_delivered_twice_opens_one_ballot_and_the_decision_reaches_the_requester_after_it_restarts()
    {
        var pool = await platform.Pool(3);
        var committee = await _flows.Committee("simple-majority", pool.Select(m => (m, true)));
        var queue = $"requester-{Guid.NewGuid():N}";
        var requestId = Guid.NewGuid();
        await using (var requester = await MessageProbe<Contract.BallotOpened>.Start(platform.Servers))
        await using (var decisions = await MessageProbe<Contract.DecisionRecorded>.Start(platform.Servers, queue))
        {
            // The requesting service's outbox delivers its request twice, with two message ids.
            var deliveries = new[] { Guid.NewGuid(), Guid.NewGuid() };
            foreach (var id in deliveries) await requester.Bus.Publish(Request(requestId, committee), c => c.MessageId = id);
            // Both deliveries handled (not waited for by a pause): then the store says what they did.
            await Eventually.True(() => Task.FromResult(deliveries.All(id => platform.Governance.Log.Contains($"ballot-requests handled BallotRequested {id}"))),
                "Governance handled both deliveries");
            Assert.Equal(1L, await BallotsOpenedStored(requestId));
            await Eventually.True(() => Task.FromResult(requester.Received.Any(m => m.Message.RequestId == requestId)), "BallotOpened published");
        }
        var ballots = await platform.Http.GetNode($"/api/ballots?committee={committee}");
        Assert.Equal(1, (int)ballots["total"]!);

        // The requester is down while the committee votes and the ballot closes.
        foreach (var m in pool) (await m.Client.Post($"/api/ballots/{requestId}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        // The requester's queue is durable and bound already: what is published while it is down waits there.
        (await platform.Secretariat.PostAsync($"/api/ballots/{requestId}/closure", null)).EnsureSuccessStatusCode();

        await using var restarted = await MessageProbe<Contract.DecisionRecorded>.Start(platform.Servers, queue);
        await Eventually.True(() => Task.FromResult(restarted.Received.Any(m => m.Message.RequestId == requestId)), "DecisionRecorded after the requester restarted");
        var decision = restarted.Received.Single(m => m.Message.RequestId == requestId).Message;
        Assert.True(decision.Approved);
        Assert.Equal("approved", decision.Outcome);
        Assert.Equal("ACI/2.0", decision.SubjectReference);
        Assert.Equal(3, decision.Tally.Yes);
    }

    [Fact]
    public async Task A_wave_one_request_still_queued_during_the_upgrade_is_answered_once_even_when_the_requester_sends_it_again_in_its_own_type()
    {
        var pool = await platform.Pool(1);
        var committee = await _flows.Committee("simple-majority", pool.Select(m => (m, true)));
        var requestId = Guid.NewGuid();
        var current = Request(requestId, committee);
#pragma warning disable CS0618 // what an older Compatibility published: Governance's type, read for one release
        var legacy = new Contract.BallotRequested(current.RequestId, current.RequestingService, current.SubjectKind, current.SubjectReference,
            current.SubjectTitle, current.CommitteeId, current.CommitteePurpose, current.RuleProfile, current.Question, current.ClosesAt,
            current.RequestedBy, current.RequestedAt);
#pragma warning restore CS0618
        await using var requester = await MessageProbe<Contract.BallotOpened>.Start(platform.Servers);
        var deliveries = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await requester.Bus.Publish(legacy, c => c.MessageId = deliveries[0]);
        await requester.Bus.Publish(current, c => c.MessageId = deliveries[1]);

        await Eventually.True(() => Task.FromResult(deliveries.All(id => platform.Governance.Log.Contains($"ballot-requests handled BallotRequested {id}"))),
            "Governance handled the old type and the new one");
        Assert.Equal(1L, await BallotsOpenedStored(requestId));
        await Eventually.True(() => Task.FromResult(requester.Received.Any(m => m.Message.RequestId == requestId)), "BallotOpened published");
        var ballot = await platform.Http.GetNode($"/api/ballots/{requestId}");
        Assert.Equal("ACI/2.0", (string)ballot["subject"]!["reference"]!);
        Assert.Equal("compatibility", (string)ballot["subject"]!["service"]!);
    }

    [Fact]
    public async Task A_decision_reached_while_governance_restarts_is_still_published()
    {
        var pool = await platform.Pool(1);
        var committee = await _flows.Committee("simple-majority", pool.Select(m => (m, true)));
        var requestId = Guid.NewGuid();
        await using var probe = await MessageProbe<Contract.DecisionRecorded>.Start(platform.Servers);
        await probe.Bus.Publish(Request(requestId, committee));
        await Eventually.True(() => BallotExists(requestId), "ballot opened");
        (await pool[0].Client.Post($"/api/ballots/{requestId}/votes", new { position = "yes" })).EnsureSuccessStatusCode();

        (await platform.Secretariat.PostAsync($"/api/ballots/{requestId}/closure", null)).EnsureSuccessStatusCode();
        platform.Governance.Kill(); // possibly before the forwarder published the decision
        platform.Governance.Start();
        await platform.Governance.WaitUntilReady(platform.Direct);

        await Eventually.True(() => Task.FromResult(probe.Received.Any(m => m.Message.RequestId == requestId)), "DecisionRecorded after Governance restarted");
    }

    [Fact]
    public async Task A_ballot_whose_closing_time_passes_while_governance_is_stopped_closes_on_schedule_after_restart()
    {
        var pool = await platform.Pool(2);
        var committee = await _flows.Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await _flows.Open(committee, "simple-majority", closesAt: DateTimeOffset.UtcNow.AddHours(1),
            overrideReason: "Test of the closing worker: closes in an hour instead of the week simple-majority needs");
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();

        // Stopped before the closing time; started again (on its own port) with a clock two hours on, so the
        // closing time passed while it was down, without waiting for it. No pass of the worker ran in between.
        platform.Governance.Kill();
        using var later = platform.Governance.Twin(new Dictionary<string, string> { [TestClockStart] = "02:00:00" });
        try
        {
            later.Start();
            await later.WaitUntilReady(platform.Direct);
            await Eventually.True(async () => (string)(await platform.Direct.GetNode($"{later.Url}/ballots/{ballot}"))["status"]! == "decided", "closed after restart");
            var history = (await platform.Direct.GetNode($"{later.Url}/ballots/{ballot}/history")).AsArray();
            var closed = Assert.Single(history, e => (string)e!["type"]! == "ballot_closed");
            Assert.Equal("schedule", (string)closed!["data"]!["closedBy"]!);
            Assert.Equal("approved", (string)(await platform.Direct.GetNode($"{later.Url}/ballots/{ballot}"))["outcome"]!);
        }
        finally
        {
            later.Kill();
            platform.Governance.Start();
            await platform.Governance.WaitUntilReady(platform.Direct);
        }
    }

    private const string TestClockStart = "Testing:ClockOffset";
}
