using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Governance.Tests.Electorate;

/// <summary>Governance in-process on its own database and virtual host; Registry's messages are published by the test.</summary>
public sealed class ElectorateConsumerTests() : InProcessService<Program>("governance")
{
    private Task Publish(Contract.MemberAdmitted message, Guid messageId) => Bus.Publish(message, c => c.MessageId = messageId);

    private async Task<System.Text.Json.Nodes.JsonNode?> Elector(Guid memberId) =>
        (await Http.GetNode("/electorate?pageSize=200"))["items"]!.AsArray().SingleOrDefault(e => (Guid)e!["memberId"]! == memberId);

    [Fact]
    public async Task Admitted_members_join_the_electorate_and_observers_may_not_vote()
    {
        var voter = new Contract.MemberAdmitted(Guid.NewGuid(), "Sugon", "company", "general", "CN", DateTimeOffset.UtcNow);
        var observer = new Contract.MemberAdmitted(Guid.NewGuid(), "Watcher Ltd", "company", "observer", "DE", DateTimeOffset.UtcNow);

        await Publish(voter, Guid.NewGuid());
        await Publish(observer, Guid.NewGuid());

        await Eventually.True(async () => await Elector(voter.MemberId) is not null && await Elector(observer.MemberId) is not null, "both in the electorate");
        Assert.True((bool)(await Elector(voter.MemberId))!["mayVote"]!);
        Assert.False((bool)(await Elector(observer.MemberId))!["mayVote"]!);
        var voters = await Http.GetNode("/electorate?mayVote=true");
        Assert.DoesNotContain(voters["items"]!.AsArray(), e => (Guid)e!["memberId"]! == observer.MemberId);
    }

    [Fact]
    public async Task A_redelivered_message_has_no_second_effect_even_after_a_newer_one()
    {
        var memberId = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await Publish(new Contract.MemberAdmitted(memberId, "Kunlun", "company", "general", "CN", DateTimeOffset.UtcNow), first);
        await Eventually.True(() => Task.FromResult(Consumed.Of(first, "ElectorateConsumer") == 1), "first delivery handled");
        await Publish(new Contract.MemberAdmitted(memberId, "Kunlun", "company", "strategic", "CN", DateTimeOffset.UtcNow), second);
        await Eventually.True(() => Task.FromResult(Consumed.Of(second, "ElectorateConsumer") == 1), "second message handled");

        // The broker delivers the first message again (as after a forwarder crash): same message id, stale content.
        await Publish(new Contract.MemberAdmitted(memberId, "Kunlun", "company", "general", "CN", DateTimeOffset.UtcNow), first);
        await Eventually.True(() => Task.FromResult(Consumed.Of(first, "ElectorateConsumer") == 2), "duplicate delivered");

        Assert.Equal("strategic", (string)(await Elector(memberId))!["tier"]!);
        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from processed_messages where consumer = 'electorate' and message_id = $1", first));
    }
}
