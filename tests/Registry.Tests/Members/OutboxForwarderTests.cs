using Alliance.Testing;
using Xunit;
using Contract = Alliance.Contracts.Registry;

namespace Alliance.Registry.Tests.Members;

[Collection(RegistryCollection.Name)]
public sealed class OutboxForwarderTests(RegistryFixture fixture)
{
    [Fact]
    public async Task An_admission_reaches_rabbitmq_with_the_event_id_as_message_id_and_the_request_correlation()
    {
        await using var probe = await MessageProbe<Contract.MemberAdmitted>.Start(fixture.Servers);
        var correlation = Guid.NewGuid();
        using var applied = await fixture.Http.Post("/members/applications", MemberApiTests.Application("Loongson Technology"));
        var id = (Guid)(await applied.Read())["memberId"]!;

        using var admitted = await fixture.Secretariat.Post($"/members/{id}/admission", new { tier = "strategic" }, correlationId: correlation.ToString());

        await Eventually.True(() => Task.FromResult(probe.Received.Any(m => m.Message.MemberId == id)), "MemberAdmitted published");
        var message = probe.Received.Single(m => m.Message.MemberId == id);
        var eventId = await fixture.Registry.Scalar<Guid>("select id from mt_events where stream_id = $1 and type = 'member_admitted'", id);
        Assert.Equal(eventId, message.MessageId);
        Assert.Equal(correlation, message.CorrelationId);
        Assert.Equal(new Contract.MemberAdmitted(id, "Loongson Technology", "company", "strategic", "CN", message.Message.AdmittedAt), message.Message);
    }
}
