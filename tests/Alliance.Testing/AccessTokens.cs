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

/// <summary>
/// Renews a client's token before it expires: tokens live 15 minutes and a suite on a loaded machine outlives one
/// (every later request of the shared platform's secretariat got 401). A request that carries a token this handler
/// issued is sent with the current one; a request with any other Authorization is left as it is.
/// </summary>
public sealed class RenewingToken(string tokenServer, string clientId, string secret, string first) : DelegatingHandler(new HttpClientHandler())
{
    private static readonly TimeSpan RenewAfter = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private readonly HashSet<string> _issued = [first];
    private (string Token, DateTime At) _current = (first, DateTime.UtcNow);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } sent } && Issued(sent))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Current(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }

    private bool Issued(string token)
    {
        lock (_issued) return _issued.Contains(token);
    }

    private async Task<string> Current(CancellationToken ct)
    {
        await _renewal.WaitAsync(ct);
        try
        {
            if (DateTime.UtcNow - _current.At < RenewAfter) return _current.Token;
            using var http = new HttpClient { BaseAddress = new Uri(tokenServer), Timeout = TimeSpan.FromSeconds(30) };
            var token = await AccessTokens.Get(http, clientId, secret);
            lock (_issued) _issued.Add(token);
            _current = (token, DateTime.UtcNow);
            return token;
        }
        finally
        {
            _renewal.Release();
        }
    }
}
