using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Cli;

/// <summary>The platform's API through the gateway as JSON nodes, signed in with client credentials: the importers' client (the secretariat; errors as PlatformError so an import can report a row and carry on).</summary>
public sealed class PlatformApi(string gateway, string clientId, string secret)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(gateway.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };

    public async Task SignIn()
    {
        using var response = await _http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new PlatformError(response.StatusCode, $"sign-in as {clientId} failed: {(int)response.StatusCode}");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)JsonNode.Parse(body)!["access_token"]!);
    }

    /// <summary>The answer, or null when the resource does not exist (404).</summary>
    public async Task<JsonNode?> Find(string path)
    {
        using var response = await _http.GetAsync(path);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await Read(response, path);
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
        if (!response.IsSuccessStatusCode) throw new PlatformError(response.StatusCode, $"{path}: {(int)response.StatusCode} {Detail(text)}");
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

    /// <summary>ALLIANCE_CLIENT_ID / ALLIANCE_CLIENT_SECRET, or the secretariat of .alliance/dev-credentials.json (make run).</summary>
    public static (string ClientId, string Secret)? Credentials()
    {
        var (id, secret) = (Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_ID"), Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET"));
        if (id is not null && secret is not null) return (id, secret);
        var file = Path.Combine(Directory.GetCurrentDirectory(), ".alliance", "dev-credentials.json");
        if (!File.Exists(file)) return null;
        var secretariat = JsonNode.Parse(File.ReadAllText(file))!["secretariat"]!;
        return ((string)secretariat["clientId"]!, (string)secretariat["clientSecret"]!);
    }
}

public sealed class PlatformError(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
