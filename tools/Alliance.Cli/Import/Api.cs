using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Import;

/// <summary>The platform's public API through the gateway, as the secretariat.</summary>
public sealed class Api(string gateway, string clientId, string secret)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };

    public async Task SignIn()
    {
        using var response = await _http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in as {clientId} failed: {(int)response.StatusCode} {body}");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)JsonNode.Parse(body)!["access_token"]!);
    }

    public async Task<JsonNode> Get(string path)
    {
        using var response = await _http.GetAsync(path);
        return await Read(response, path);
    }

    public async Task<JsonNode> Post(string path, object? body)
    {
        using var response = await _http.PostAsJsonAsync(path, body, JsonSerializerOptions.Web);
        return await Read(response, path);
    }

    private static async Task<JsonNode> Read(HttpResponseMessage response, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new ApiError(response.StatusCode, $"{path}: {(int)response.StatusCode} {Detail(text)}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    private static string Detail(string problem)
    {
        try
        {
            var node = JsonNode.Parse(problem);
            return node?["errors"]?.ToJsonString() ?? (string?)node?["detail"] ?? problem;
        }
        catch (JsonException)
        {
            return problem;
        }
    }
}

public sealed class ApiError(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
