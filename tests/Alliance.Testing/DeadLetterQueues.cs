using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Alliance.Testing;

/// <summary>The fixture's "_error" queues that hold messages, counted exactly (a peek that requeues, not the management API's sampled figures).</summary>
public static class DeadLetterQueues
{
    public static async Task<IReadOnlyDictionary<string, int>> NonEmpty(TestServers servers)
    {
        using var http = servers.Management();
        var vhost = Uri.EscapeDataString(servers.VirtualHost);
        var queues = await http.GetFromJsonAsync<JsonArray>($"api/queues/{vhost}?columns=name") ?? [];
        var full = new Dictionary<string, int>();
        foreach (var name in queues.Select(q => (string)q!["name"]!).Where(n => n.EndsWith("_error", StringComparison.Ordinal)))
        {
            using var peek = await http.PostAsJsonAsync($"api/queues/{vhost}/{Uri.EscapeDataString(name)}/get",
                new { count = 100, ackmode = "ack_requeue_true", encoding = "auto" });
            peek.EnsureSuccessStatusCode();
            var count = (await peek.Content.ReadFromJsonAsync<JsonArray>())!.Count;
            if (count > 0) full[name] = count;
        }
        return full;
    }
}
