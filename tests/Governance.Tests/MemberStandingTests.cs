using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Governance.Tests;

/// <summary>The shared member-standing consumer, as every service runs it (here in Governance).</summary>
public sealed class MemberStandingTests() : InProcessService<Program>("governance")
{
    private async Task Deliver<T>(T message, long version) where T : class
    {
        var id = Guid.NewGuid();
        await Bus.Publish(message, c => { c.MessageId = id; c.Headers.Set("es-version", version); });
        await Eventually.True(() => Task.FromResult(Consumed.Of(id, "MemberStanding") == 1), $"{typeof(T).Name} v{version} handled");
    }

    private Task<string> Standing(Guid member) => Factory.Scalar<string>("select status from member_status where member_id = $1", member);

    [Fact]
    public async Task A_suspension_that_arrives_after_the_later_reinstatement_does_not_win()
    {
        var member = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Deliver(new Contract.MemberAdmitted(member, "Enflame", "company", "general", "CN", now), 2);
        await Deliver(new Contract.MemberReinstated(member, "Enflame", "company", "general", "CN", now), 4);

        await Deliver(new Contract.MemberSuspended(member, "Enflame", "company", "general", "CN", "late message", now), 3);

        Assert.Equal("admitted", await Standing(member));
    }

    [Fact]
    public async Task A_revoked_client_delivered_five_times_is_on_the_revocation_list()
    {
        var member = Guid.NewGuid();

        await Deliver(new Contract.MemberCredentialRevoked(member, "m-revoked", DateTimeOffset.UtcNow), 5);

        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from revoked_clients where client_id = 'm-revoked'"));
    }
}
