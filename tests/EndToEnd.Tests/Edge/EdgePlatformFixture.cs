using System.Net;
using System.Net.Sockets;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>
/// A platform of its own for the edge rules: low rate limits (so 429 is reachable), a purge every second, and a
/// gateway that trusts one proxy, 127.0.0.2, the way a TLS-terminating load balancer is configured. A client
/// bound to 127.0.0.2 plays that proxy; an ordinary client (127.0.0.1) is an untrusted caller.
/// </summary>
public sealed class EdgePlatformFixture : IAsyncLifetime
{
    public const string TrustedProxy = "127.0.0.2";
    public const int TokenPerMinute = 20;
    public const int ClientPerMinute = 40;

    public TestServers Servers { get; } = new();
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Secretariat { get; private set; } = null!;
    public ServiceProcess Gateway => _processes.Gateway;

    private PlatformProcesses _processes = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        _processes = new PlatformProcesses(Servers, withPortal: true,
            new Dictionary<string, string>
            {
                ["RateLimits:TokenPerMinute"] = TokenPerMinute.ToString(),
                ["RateLimits:ClientPerMinute"] = ClientPerMinute.ToString(),
                ["Purge:IntervalSeconds"] = "1",
            },
            new Dictionary<string, string> { ["ForwardedHeaders:KnownProxies"] = TrustedProxy });
        await _processes.Start(Direct);
        Http = Client();
        Secretariat = Client(await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A client of the gateway whose connections come from <paramref name="from"/> (127.0.0.2: the trusted proxy),
    /// sending X-Forwarded-For and X-Forwarded-Proto as a proxy would; no cookie jar and no redirects, so the
    /// test sees every Set-Cookie and Location.
    /// </summary>
    public HttpClient Via(string from, string? forwardedFor = null, string? forwardedProto = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }

    /// <summary>An admitted member and a fresh credential of the given role, through the gateway.</summary>
    public async Task<(Guid MemberId, string ClientId, string Secret)> Member(string role = "member-admin")
    {
        using var applied = await Http.Post("/api/members/applications", new
        {
            name = $"Edge Member {Guid.NewGuid():N}",
            kind = "company",
            country = "CN",
            website = "https://www.example.cn",
            contactEmail = "office@example.cn",
        });
        var id = (Guid)(await applied.Read())["memberId"]!;
        (await Secretariat.Post($"/api/members/{id}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        var issued = await (await Secretariat.Post($"/api/members/{id}/credentials", new { role })).Read();
        return (id, (string)issued["clientId"]!, (string)issued["clientSecret"]!);
    }

    /// <summary>A client with a token, asked through the trusted proxy for an address of its own, so it spends none of 127.0.0.1's token budget.</summary>
    public async Task<HttpClient> SignedIn(string clientId, string secret)
    {
        using var proxy = Via(TrustedProxy, $"198.51.100.{Random.Shared.Next(1, 250)}");
        return Client(await AccessTokens.Get(proxy, clientId, secret));
    }

    public static IEnumerable<string> Services => ["registry", "governance", "compatibility"];

    public NpgsqlConnection Database(string service) => new(Servers.ConnectionString(service));

    public async Task DisposeAsync()
    {
        await _processes.Stop("edge");
        await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgePlatformFixture>
{
    public const string Name = "edge";
}
