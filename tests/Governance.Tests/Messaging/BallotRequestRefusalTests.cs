using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliance.Governance.Committees;
using Alliance.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Contract = Alliance.Contracts.Governance;
using Registry = Alliance.Contracts.Registry;
using Requester = Alliance.Contracts.Compatibility;

namespace Alliance.Governance.Tests.Messaging;

/// <summary>
/// Governance in-process on its own database and virtual host: a ballot request a domain rule refuses is answered
/// with BallotRequestRefused (not retried, not dead-lettered); a real fault still goes to _error, and readiness names it.
/// </summary>
public sealed class BallotRequestRefusalTests() : InProcessService<Program>("governance")
{
    private static Requester.BallotRequested Request(Guid? committee = null, string? purpose = null, string? title = "ACI 2.0", string? profile = null,
        DateTimeOffset? closesAt = null) => new(
        Guid.NewGuid(), "compatibility", "standard-version-ratification", "ACI/2.0", title!, committee, purpose, profile,
        "Ratify ACI 2.0?", closesAt, "member/test", DateTimeOffset.UtcNow);

    /// <summary>A committee without a single seat, written straight to the event store (committees are the secretariat's, over HTTP).</summary>
    private async Task<Guid> EmptyCommittee()
    {
        var id = Guid.NewGuid();
        await using var session = Factory.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Events.StartStream<Committee>(id, new CommitteeCreated(id, "Empty committee", "standards", "simple-majority", null, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task A_request_no_ballot_can_be_opened_for_is_answered_with_the_rule_and_reason_and_never_dead_lettered()
    {
        await using var requester = await MessageProbe<Contract.BallotRequestRefused>.Start(Servers);
        var empty = await EmptyCommittee();
        var noPurpose = Request(purpose: "technical-oversight");
        var cases = new Dictionary<Requester.BallotRequested, string>
        {
            [noPurpose] = "no-committee",
            [Request(committee: Guid.NewGuid())] = "no-committee",
            [Request(committee: empty)] = "ballot-needs-voters",
            [Request(committee: empty, profile: "no-such-profile")] = "unknown-rule-profile",
            [Request(committee: empty, closesAt: DateTimeOffset.UtcNow.AddYears(2))] = "closing-time-out-of-bounds",
            [Request(committee: empty, title: null)] = "invalid-request",
        };
        var delivered = Guid.NewGuid();
        await Bus.Publish(noPurpose, c => c.MessageId = delivered);
        foreach (var request in cases.Keys.Skip(1)) await Bus.Publish(request);

        await Eventually.True(() => Task.FromResult(requester.Received.Count >= cases.Count), "every request refused", TimeSpan.FromSeconds(20));
        var refusals = requester.Received.ToDictionary(m => m.Message.RequestId, m => m.Message);
        foreach (var (request, rule) in cases)
        {
            Assert.Equal(rule, refusals[request.RequestId].Rule);
            Assert.False(string.IsNullOrWhiteSpace(refusals[request.RequestId].Reason));
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/ballots/{request.RequestId}")).StatusCode);
        }
        var answer = refusals[noPurpose.RequestId];
        Assert.Contains("technical-oversight", answer.Reason);
        Assert.Equal(("compatibility", "standard-version-ratification", "ACI/2.0"), (answer.RequestingService, answer.SubjectKind, answer.SubjectReference));

        // The same request delivered again (another message id) is answered already: no second refusal, no ballot.
        var again = Guid.NewGuid();
        await Bus.Publish(noPurpose, c => c.MessageId = again);
        await Bus.Publish(noPurpose, c => c.MessageId = delivered);
        await Eventually.True(() => Task.FromResult(Consumed.Of(again, "BallotRequestedConsumer") == 1 && Consumed.Of(delivered, "BallotRequestedConsumer") == 2),
            "both duplicates handled");
        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from mt_events where type = 'ballot_request_refused' and coalesce(data->>'RequestId', data->>'requestId') = $1", noPurpose.RequestId.ToString()));

        Assert.Empty(await DeadLetterQueues.NonEmpty(Servers));
        var ready = await Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (string)(await ready.Read())["checks"]!["dead-letters"]!["status"]!);
    }

    [Fact]
    public async Task A_message_that_faults_lands_in_its_error_queue_and_readiness_names_the_queue_as_degraded_but_stays_ready()
    {
        // A fault, not a rule: the electorate cannot store a member without a name (a NOT NULL column).
        var poison = Guid.NewGuid();
        await Bus.Publish(new Registry.MemberAdmitted(Guid.NewGuid(), null!, "company", "general", "CN", DateTimeOffset.UtcNow), c => c.MessageId = poison);

        await Eventually.True(async () => (await DeadLetterQueues.NonEmpty(Servers)).ContainsKey("governance-electorate_error"), "the poison in governance-electorate_error",
            TimeSpan.FromSeconds(60));
        using var ready = await Http.GetAsync("/health/ready");
        var report = await ready.Read();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (string)report["status"]!);
        Assert.Equal("Degraded", (string)report["checks"]!["dead-letters"]!["status"]!);
        Assert.Contains("governance-electorate_error holds 1", (string)report["checks"]!["dead-letters"]!["description"]!);
        Assert.Equal("Healthy", (string)report["checks"]!["postgres"]!["status"]!);
    }
}
