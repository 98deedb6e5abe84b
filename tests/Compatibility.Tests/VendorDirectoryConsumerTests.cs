using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Compatibility.Tests.Vendors;

public sealed class VendorDirectoryConsumerTests() : InProcessService<Program>("compatibility")
{
    // The vendor row is keyed by member id, so this cannot show the de-duplication itself: ProcessedMessagesRaceTests does.
    [Fact]
    public async Task An_admitted_member_delivered_three_times_at_once_becomes_one_searchable_vendor()
    {
        var message = new Contract.MemberAdmitted(Guid.NewGuid(), "Cambricon Technologies", "company", "strategic", "CN", DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();

        // Three deliveries of one message at once: they race on the processed-message key, one wins.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Bus.Publish(message, c => c.MessageId = messageId)));

        await Eventually.True(() => Task.FromResult(Consumed.Of(messageId, "VendorDirectoryConsumer") == 3), "all three deliveries handled");
        var found = await Http.GetNode("/vendors?q=cambricon");
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal(message.MemberId, (Guid)found["items"]![0]!["memberId"]!);
        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from processed_messages where consumer = 'vendor-directory' and message_id = $1", messageId));
    }

    private async Task Deliver<T>(T message, long version) where T : class
    {
        var id = Guid.NewGuid();
        await Bus.Publish(message, c => { c.MessageId = id; c.Headers.Set("es-version", version); });
        await Eventually.True(() => Task.FromResult(Consumed.Of(id, "VendorDirectoryConsumer") == 1), $"{typeof(T).Name} v{version} handled");
    }

    private Task<string> Standing(Guid member) => Factory.Scalar<string>("select status from vendors where member_id = $1", member);

    // The directory is Compatibility's one copy of the membership (ADR 0007): the standing is ordered by stream version there.
    [Fact]
    public async Task A_suspension_that_arrives_after_the_later_reinstatement_does_not_win()
    {
        var member = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Deliver(new Contract.MemberAdmitted(member, "Moore Threads", "company", "general", "CN", now), 2);
        await Deliver(new Contract.MemberReinstated(member, "Moore Threads", "company", "general", "CN", now), 4);

        await Deliver(new Contract.MemberSuspended(member, "Moore Threads", "company", "general", "CN", "late message", now), 3);

        Assert.Equal("admitted", await Standing(member));
        Assert.Equal(1, (int)(await Http.GetNode($"/vendors?member={member}"))["total"]!);
    }

    [Fact]
    public async Task A_suspension_that_arrives_before_the_admission_keeps_the_vendor_suspended_and_unlisted()
    {
        var member = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Deliver(new Contract.MemberSuspended(member, "Biren", "company", "general", "CN", "dues", now), 3);
        Assert.Equal(0, (int)(await Http.GetNode($"/vendors?member={member}"))["total"]!);

        await Deliver(new Contract.MemberAdmitted(member, "Biren", "company", "general", "CN", now.AddDays(-1)), 2);

        Assert.Equal("suspended", await Standing(member));
        Assert.Equal(0, (int)(await Http.GetNode($"/vendors?member={member}"))["total"]!);
        Assert.True(await Factory.Scalar<bool>("select to_regclass('member_status') is null"), "standing lives in the vendor directory");
    }

    [Fact]
    public async Task A_revoked_client_is_on_the_revocation_list_the_token_check_reads()
    {
        var member = Guid.NewGuid();
        var revoked = new Contract.MemberCredentialRevoked(member, "c-revoked-" + member.ToString("N")[..8], DateTimeOffset.UtcNow);

        await Deliver(revoked, 5);

        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from revoked_clients where client_id = $1", revoked.ClientId));
    }
}
