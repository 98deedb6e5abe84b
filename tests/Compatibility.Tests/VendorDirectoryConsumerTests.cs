using Alliance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Compatibility.Tests.Vendors;

public sealed class VendorDirectoryConsumerTests : IAsyncLifetime
{
    private readonly TestServers _servers = new();
    private ServiceFactory<Program> _compatibility = null!;
    private HttpClient _http = null!;
    private readonly ConsumeCounter _consumed = new();

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();
        _compatibility = new ServiceFactory<Program>(_servers, "compatibility");
        _http = _compatibility.CreateClient();
        _compatibility.Services.GetRequiredService<IBus>().ConnectConsumeObserver(_consumed);
    }

    public async Task DisposeAsync()
    {
        await _compatibility.DisposeAsync();
        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task An_admitted_member_becomes_a_searchable_vendor_once_however_often_the_message_arrives()
    {
        var bus = _compatibility.Services.GetRequiredService<IBus>();
        var message = new Contract.MemberAdmitted(Guid.NewGuid(), "Cambricon Technologies", "company", "strategic", "CN", DateTimeOffset.UtcNow);
        var messageId = Guid.NewGuid();

        // Three deliveries of one message at once: they race on the processed-message key, one wins.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => bus.Publish(message, c => c.MessageId = messageId)));

        await Eventually.True(() => Task.FromResult(_consumed.Of(messageId) == 3), "all three deliveries handled");
        var found = await _http.GetNode("/vendors?q=cambricon");
        Assert.Equal(1, (int)found["total"]!);
        Assert.Equal(message.MemberId, (Guid)found["items"]![0]!["memberId"]!);
        Assert.Equal(1L, await _compatibility.Scalar<long>("select count(*) from processed_messages where message_id = $1", messageId));
    }
}
