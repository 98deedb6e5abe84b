using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Alliance.Testing;

/// <summary>OAuth client-credentials tokens from the platform's token endpoint, and clients that send them.</summary>
public static class AccessTokens
{
    public const string SecretariatClient = "secretariat-test";
    public static readonly string SecretariatSecret = Guid.NewGuid().ToString("N");

    public static Dictionary<string, string> SecretariatSettings(string issuer) => new()
    {
        ["Secretariat:ClientId"] = SecretariatClient,
        ["Secretariat:ClientSecret"] = SecretariatSecret,
        ["Tokens:Issuer"] = issuer,
    };

    public static async Task<HttpResponseMessage> Request(HttpClient http, string clientId, string secret) =>
        await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));

    public static async Task<string> Get(HttpClient http, string clientId, string secret)
    {
        using var response = await Request(http, clientId, secret);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token for {clientId}: {(int)response.StatusCode} {body}");
        return (string)JsonNode.Parse(body)!["access_token"]!;
    }

    /// <summary>A client of the same server that sends this bearer token on every request.</summary>
    public static HttpClient With(Func<HttpClient> create, string token)
    {
        var client = create();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
