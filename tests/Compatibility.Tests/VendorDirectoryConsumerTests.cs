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
}
