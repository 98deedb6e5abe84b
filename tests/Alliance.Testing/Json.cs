using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Testing;

public static class Json
{
    public static async Task<JsonNode> Read(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    public static async Task<JsonNode> GetNode(this HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Read();
    }

    public static Task<HttpResponseMessage> Post(this HttpClient http, string url, object body, string? idempotencyKey = null, string? correlationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostRaw(this HttpClient http, string url, string json) =>
        http.PostAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
