using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alliance.Cli;

/// <summary>
/// The platform's HTTP API through the gateway, as the chosen profile (or anonymously, when only a URL is known). A
/// profile's token is sent only to the profile's own URL; it is renewed when it has expired (or the platform refuses it
/// with 401), and the new one is cached in the profile file.
/// </summary>
public sealed class PlatformClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _profileName;
    private readonly Profile? _profile;

    public string Url { get; }
    public bool Json { get; }
    public bool SignedIn => _profile?.ClientId is not null;

    private PlatformClient(string url, string? profileName, Profile? profile, bool json, TimeSpan timeout)
    {
        Url = url.TrimEnd('/');
        (_profileName, _profile, Json) = (profileName, profile, json);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Url + "/"), Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("alliance-cli");
    }

    /// <summary>The URL and profile the command line names (see GlobalOptions), falling back on the environment and the default profile.</summary>
    public static PlatformClient From(ParseResult parse, bool newProfile = false, TimeSpan? timeout = null)
    {
        var file = ProfileStore.Load();
        var named = parse.GetValue(GlobalOptions.Profile) ?? (Environment.GetEnvironmentVariable("ALLIANCE_PROFILE") is { Length: > 0 } env ? env : null);
        var name = named ?? file.Default;
        Profile? profile = null;
        if (name is not null && !file.Profiles.TryGetValue(name, out profile) && named is not null && !newProfile)
            throw CliFailure.Usage($"no profile '{name}' in {ProfileStore.FilePath} (see `alliance profiles`; `alliance login` makes one)");
        var url = parse.GetValue(GlobalOptions.Url) ?? profile?.Url ?? Environment.GetEnvironmentVariable("ALLIANCE_URL") ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw CliFailure.Usage($"--url: '{url}' is not an http(s) URL");
        // A token is for the platform that issued it: another URL is called anonymously.
        if (profile is not null && !SameUrl(profile.Url, url)) (name, profile) = (null, null);
        return new PlatformClient(url, name, profile, parse.GetValue(GlobalOptions.Json), timeout ?? TimeSpan.FromSeconds(60));
    }

    private static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>The profile's client id and secret (ALLIANCE_CLIENT_SECRET first), for tools that sign in themselves (the import).</summary>
    public (string ClientId, string Secret)? ClientCredentials =>
        _profile?.ClientId is { } id && (Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET") is { Length: > 0 } env ? env : _profile.ClientSecret) is { } secret
            ? (id, secret) : null;

    /// <summary>Commands that act for someone: a profile with a client is required.</summary>
    public void RequireSignIn()
    {
        if (!SignedIn) throw CliFailure.Usage($"this command needs a signed-in profile for {Url}: run `alliance login --url {Url} --client-id ID`");
    }

    // Every resource is under the gateway's /api; paths are given without it ("members", "matrix/check?…").
    private static string Api(string path) => "api/" + path;

    public Task<JsonNode> Get(string path, CancellationToken ct = default) => Send(() => new HttpRequestMessage(HttpMethod.Get, Api(path)), ct);

    public Task<JsonNode> Post(string path, object? body, CancellationToken ct = default) => Send(() => new HttpRequestMessage(HttpMethod.Post, Api(path))
    {
        Content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web),
    }, ct);

    public Task<JsonNode> Delete(string path, CancellationToken ct = default) => Send(() => new HttpRequestMessage(HttpMethod.Delete, Api(path)), ct);

    /// <summary>A body streamed as it arrives (matrix.csv), for output too large to hold.</summary>
    public async Task CopyTo(string path, Stream destination, CancellationToken ct = default)
    {
        using var response = await Exchange(() => new HttpRequestMessage(HttpMethod.Get, Api(path)), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode) throw await Problem(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(destination, ct);
    }

    private async Task<JsonNode> Send(Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var response = await Exchange(request, HttpCompletionOption.ResponseContentRead, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw Problem(response.StatusCode, text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
    }

    private async Task<HttpResponseMessage> Exchange(Func<HttpRequestMessage> create, HttpCompletionOption completion, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            if (SignedIn) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token(renew: attempt > 0, ct));
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, ct);
            }
            catch (HttpRequestException e)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"{Url} is unreachable: {e.Message}");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"{Url} did not answer within {_http.Timeout.TotalSeconds:0} s");
            }
            // A cached token the platform no longer takes (a restart with a new key, a clock skew): renew it once.
            if (response.StatusCode == HttpStatusCode.Unauthorized && SignedIn && attempt == 0) { response.Dispose(); continue; }
            return response;
        }
    }

    /// <summary>The profile's token, renewed (and cached) when it expires within the next 30 s or was refused.</summary>
    private async Task<string> Token(bool renew, CancellationToken ct)
    {
        var profile = _profile!;
        if (!renew && profile.AccessToken is { } cached && profile.ExpiresAt > DateTimeOffset.UtcNow.AddSeconds(30)) return cached;
        var secret = Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET") is { Length: > 0 } env ? env : profile.ClientSecret;
        if (secret is null) throw CliFailure.Usage($"the token of profile '{_profileName}' expired and no secret is kept: set ALLIANCE_CLIENT_SECRET or log in again");
        var token = await RequestToken(profile.ClientId!, secret, ct);
        (profile.AccessToken, profile.ExpiresAt, profile.Role, profile.MemberId) = (token.AccessToken, token.ExpiresAt, token.Role, token.MemberId);
        var file = ProfileStore.Load();
        file.Profiles[_profileName!] = profile;
        ProfileStore.Save(file);
        return token.AccessToken;
    }

    public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, string? Role, string? MemberId);

    /// <summary>OAuth 2.0 client credentials at /connect/token; the role and member are read from the token's claims.</summary>
    public async Task<IssuedToken> RequestToken(string clientId, string secret, CancellationToken ct = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }), ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"{Url} is unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"{Url} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (Unreachable(response.StatusCode)) throw new CliFailure(ExitCodes.Unreachable, $"{Url} answered {(int)response.StatusCode}: the platform is not ready");
            var node = TryParse(text);
            if (!response.IsSuccessStatusCode)
                throw new CliFailure(ExitCodes.Refused, $"sign-in as {clientId} refused ({(int)response.StatusCode}): {(string?)node?["error"] ?? text}");
            var token = (string)node!["access_token"]!;
            var claims = Claims(token);
            return new IssuedToken(token, DateTimeOffset.UtcNow.AddSeconds((int?)node["expires_in"] ?? 300), (string?)claims?["role"], (string?)claims?["member_id"]);
        }
    }

    /// <summary>The JWT's payload, unverified: only to show the user who they are (the platform verifies it).</summary>
    private static JsonNode? Claims(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2) return null;
        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        try { return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))); }
        catch (Exception e) when (e is FormatException or JsonException) { return null; }
    }

    private static bool Unreachable(HttpStatusCode status) => status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static JsonNode? TryParse(string text)
    {
        try { return text.Length == 0 ? null : JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static async Task<CliFailure> Problem(HttpResponseMessage response, CancellationToken ct) =>
        Problem(response.StatusCode, await response.Content.ReadAsStringAsync(ct));

    /// <summary>problem+json in one line: the title, the status, the rule, and the first field with its message (else the detail).</summary>
    public static CliFailure Problem(HttpStatusCode status, string text)
    {
        var code = Unreachable(status) ? ExitCodes.Unreachable : ExitCodes.Refused;
        var node = TryParse(text) as JsonObject;
        var title = (string?)node?["title"] ?? status.ToString();
        var rule = (string?)node?["rule"];
        var where = rule is null ? $"{(int)status}" : $"{(int)status}, rule {rule}";
        if (node?["errors"] is JsonObject { Count: > 0 } errors)
        {
            var (field, messages) = errors.First();
            var message = messages is JsonArray { Count: > 0 } list ? (string?)list[0] : messages?.ToString();
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more field(s): {string.Join(", ", errors.Skip(1).Select(e => e.Key))})" : "";
            return new CliFailure(code, $"{title} ({where}): {field}: {message}{more}");
        }
        // Not problem+json (an HTML error page of a proxy): say so rather than print the page.
        var detail = (string?)node?["detail"] ?? (node is null && text.Length > 0 ? "the answer was not JSON (is --url the platform's gateway?)" : null);
        return new CliFailure(code, detail is null ? $"{title} ({where})" : $"{title} ({where}): {detail}");
    }

    public void Dispose() => _http.Dispose();
}
