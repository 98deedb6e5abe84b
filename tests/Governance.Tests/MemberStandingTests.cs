using System.Net;
using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Governance.Tests;

/// <summary>Governance's one copy of the membership (ElectorateConsumer): standing ordered by stream version, in one table.</summary>
public sealed class MemberStandingTests() : InProcessService<Program>("governance")
{
    private async Task Deliver<T>(T message, long version) where T : class
    {
        var id = Guid.NewGuid();
        await Bus.Publish(message, c => { c.MessageId = id; c.Headers.Set("es-version", version); });
        await Eventually.True(() => Task.FromResult(Consumed.Of(id, "ElectorateConsumer") == 1), $"{typeof(T).Name} v{version} handled");
    }

    private Task<string> Standing(Guid member) => Factory.Scalar<string>("select status from electorate where member_id = $1", member);

    private async Task<System.Text.Json.Nodes.JsonNode?> Elector(Guid memberId) =>
        (await Http.GetNode($"/electorate?member={memberId}"))["items"]!.AsArray().SingleOrDefault();

    [Fact]
    public async Task A_suspension_that_arrives_after_the_later_reinstatement_does_not_win()
    {
        var member = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Deliver(new Contract.MemberAdmitted(member, "Enflame", "company", "general", "CN", now), 2);
        await Deliver(new Contract.MemberReinstated(member, "Enflame", "company", "general", "CN", now), 4);

        await Deliver(new Contract.MemberSuspended(member, "Enflame", "company", "general", "CN", "late message", now), 3);

        Assert.Equal("admitted", await Standing(member));
        Assert.True((bool)(await Elector(member))!["mayVote"]!);
    }

    [Fact]
    public async Task A_suspension_that_arrives_before_the_admission_keeps_the_member_from_voting_once_admitted()
    {
        var member = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Deliver(new Contract.MemberSuspended(member, "Iluvatar", "company", "general", "CN", "dues", now), 3);
        Assert.Null(await Elector(member));

        await Deliver(new Contract.MemberAdmitted(member, "Iluvatar", "company", "general", "CN", now.AddDays(-1)), 2);

        var elector = await Elector(member);
        Assert.Equal("suspended", (string)elector!["status"]!);
        Assert.False((bool)elector["mayVote"]!);
        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from electorate where member_id = $1", member));
    }

    [Fact]
    public async Task A_revoked_client_delivered_five_times_is_on_the_revocation_list()
    {
        var member = Guid.NewGuid();

        await Deliver(new Contract.MemberCredentialRevoked(member, "m-revoked", DateTimeOffset.UtcNow), 5);

        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from revoked_clients where client_id = 'm-revoked'"));
    }

    [Fact]
    public async Task Governance_keeps_no_second_standing_table()
    {
        Assert.True(await Factory.Scalar<bool>("select to_regclass('member_status') is null"), "standing lives in the electorate");
        using var ready = await Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
