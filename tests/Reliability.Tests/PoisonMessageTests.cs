using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliance.Ops;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>A message no consumer can process goes to the _error queue after its retries; the queue keeps flowing; the operator lists and replays it.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class PoisonMessageTests(ChaosPlatform platform, ITestOutputHelper output)
{
    private const string Queue = "governance-electorate";

    private ErrorQueues Operator() => new(new Uri(platform.Servers.ManagementUrl.TrimEnd('/') + "/"),
        platform.Servers.RabbitUser, platform.Servers.RabbitPassword, platform.Servers.VirtualHost);

    [Fact]
    public async Task A_poison_message_lands_in_the_error_queue_the_queue_keeps_flowing_and_the_operator_replays_it()
    {
        // Well-formed for MassTransit, unprocessable for the consumer: a MemberAdmitted without a name (the electorate requires one).
        var messageId = Guid.NewGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["destinationAddress"] = $"rabbitmq://localhost/{platform.Servers.VirtualHost}/{Queue}",
            ["messageType"] = new JsonArray("urn:message:Alliance.Contracts.Registry:MemberAdmitted"),
            ["message"] = new JsonObject { ["memberId"] = Guid.NewGuid().ToString(), ["name"] = null, ["kind"] = "company", ["tier"] = "general", ["country"] = "CN", ["admittedAt"] = DateTimeOffset.UtcNow.ToString("O") },
            ["sentTime"] = DateTimeOffset.UtcNow.ToString("O"),
            ["headers"] = new JsonObject(),
        };
        using var management = platform.Servers.Management();
        using (var published = await management.PostAsJsonAsync($"api/exchanges/{Uri.EscapeDataString(platform.Servers.VirtualHost)}/amq.default/publish", new
        {
            properties = new { content_type = "application/vnd.masstransit+json", message_id = messageId.ToString(), delivery_mode = 2 },
            routing_key = Queue,
            payload = envelope.ToJsonString(),
            payload_encoding = "string",
        }))
            Assert.True((bool)(await published.Content.ReadFromJsonAsync<JsonObject>())!["routed"]!, "published to the consumer's queue");

        using var errors = Operator();
        var inError = await Eventually.True(async () => (await errors.List(Queue)).Any(m => m.MessageId == messageId.ToString()), "the poison message in the _error queue", TimeSpan.FromSeconds(60));
        var letter = (await errors.List(Queue)).Single(m => m.MessageId == messageId.ToString());
        output.WriteLine($"{letter.MessageType}: {letter.Reason}");
        Assert.Contains("null", letter.Reason ?? "", StringComparison.OrdinalIgnoreCase);

        // The queue keeps flowing: a real admission behind it reaches the electorate.
        var member = (Guid)(await (await platform.Http.PostAsJsonAsync("/api/members/applications",
            new { name = $"After Poison {Guid.NewGuid():N}", kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" }))
            .Content.ReadFromJsonAsync<JsonObject>())!["memberId"]!;
        (await platform.Secretariat.PostAsJsonAsync($"/api/members/{member}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => await platform.Count("governance", "select count(*) from electorate where member_id = $1", member) == 1, "the next message processed");

        // The operator's replay moves it back; it fails again, after its retries, and returns to _error: once, not twice.
        Assert.Equal(1, await errors.Replay(Queue));
        Assert.DoesNotContain(await errors.List(Queue), m => m.MessageId == messageId.ToString());
        await Eventually.True(async () => (await errors.List(Queue)).Count(m => m.MessageId == messageId.ToString()) == 1, "back in _error after the replay", TimeSpan.FromSeconds(60));
        Figures.Record("poison message", 1, 0, 0, "→ governance-electorate_error after retries; next message processed; replayed once and back", 0, inError,
            "operator: alliance errors list (or replay) <queue>");
    }
}
