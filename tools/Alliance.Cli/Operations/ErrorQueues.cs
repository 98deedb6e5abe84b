using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Ops;

/// <summary>
/// A queue's dead letters, through RabbitMQ's management API: MassTransit moves a message that still fails
/// after its retries to {queue}_error, with the exception in its headers. List shows them; replay moves
/// them back to {queue} (each is published to the queue, then removed from _error), to run again after a fix.
/// </summary>
public sealed class ErrorQueues(Uri management, string user, string password, string virtualHost) : IDisposable
{
    private readonly HttpClient _http = Client(management, user, password);

    public sealed record DeadLetter(string MessageId, string? MessageType, string? Reason, string Body, JsonObject Properties);

    public async Task<List<DeadLetter>> List(string queue, int max = 100)
    {
        var messages = await Get(queue + "_error", max, requeue: true);
        return messages.Select(ToDeadLetter).ToList();
    }

    /// <summary>Moves up to max messages from {queue}_error back to {queue}; returns how many moved.</summary>
    public async Task<int> Replay(string queue, int max = 100)
    {
        var moved = 0;
        // One at a time: a message is removed from _error only after it was published back.
        for (; moved < max; moved++)
        {
            var message = (await Get(queue + "_error", 1, requeue: false)).SingleOrDefault();
            if (message is null) break;
            var properties = (JsonObject)message["properties"]!.DeepClone();
            var headers = properties["headers"] as JsonObject;
            headers?.Remove("MT-Fault-Message");
            var publish = new JsonObject
            {
                ["properties"] = properties,
                ["routing_key"] = queue,
                ["payload"] = (string)message["payload"]!,
                ["payload_encoding"] = (string?)message["payload_encoding"] ?? "string",
            };
            using var response = await _http.PostAsJsonAsync($"api/exchanges/{Escape(virtualHost)}/amq.default/publish", publish);
            response.EnsureSuccessStatusCode();
            var routed = (await response.Content.ReadFromJsonAsync<JsonObject>())!["routed"]!.GetValue<bool>();
            if (!routed) throw new InvalidOperationException($"Queue {queue} does not exist in virtual host {virtualHost}; the message was not moved.");
        }
        return moved;
    }

    private async Task<List<JsonObject>> Get(string queue, int count, bool requeue)
    {
        using var response = await _http.PostAsJsonAsync($"api/queues/{Escape(virtualHost)}/{Escape(queue)}/get",
            new { count, ackmode = requeue ? "ack_requeue_true" : "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<JsonObject>>())!;
    }

    private static DeadLetter ToDeadLetter(JsonObject m)
    {
        var properties = (JsonObject)m["properties"]!;
        var headers = properties["headers"] as JsonObject;
        return new DeadLetter((string?)properties["message_id"] ?? "", (string?)headers?["MT-MessageType"] ?? (string?)properties["type"],
            (string?)headers?["MT-Fault-Message"], (string)m["payload"]!, properties);
    }

    private static string Escape(string s) => Uri.EscapeDataString(s);

    private static HttpClient Client(Uri management, string user, string password)
    {
        var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    public void Dispose() => _http.Dispose();
}
