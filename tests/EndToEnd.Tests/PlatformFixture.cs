using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Registry, Governance, Compatibility and the Gateway as processes, on a fresh database set and virtual host.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public ServiceProcess Registry { get; private set; } = null!;
    public ServiceProcess Governance { get; private set; } = null!;
    public ServiceProcess Compatibility { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;
    public ServiceProcess Portal { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public HttpClient Secretariat { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        var gatewayPort = ServiceProcess.FreePort();
        var registryPort = ServiceProcess.FreePort();
        // Every service validates tokens from Registry's discovery document; tokens name the gateway as issuer.
        Dictionary<string, string> Settings(string service, IReadOnlyDictionary<string, string>? extra = null) =>
            new(Servers.SettingsFor(service).Concat(extra ?? new Dictionary<string, string>()))
            {
                ["Auth:MetadataAddress"] = $"http://127.0.0.1:{registryPort}/.well-known/openid-configuration",
            };
        Registry = new ServiceProcess("Registry", Settings("registry", AccessTokens.SecretariatSettings($"http://127.0.0.1:{gatewayPort}")), registryPort);
        Governance = new ServiceProcess("Governance", Settings("governance"));
        Compatibility = new ServiceProcess("Compatibility", Settings("compatibility"));
        var services = new Dictionary<string, string>
        {
            ["Services:Registry"] = Registry.Url,
            ["Services:Governance"] = Governance.Url,
            ["Services:Compatibility"] = Compatibility.Url,
        };
        Portal = new ServiceProcess("Portal", services);
        Gateway = new ServiceProcess("Gateway", new Dictionary<string, string>(services) { ["Services:Portal"] = Portal.Url }, gatewayPort);
        foreach (var service in All) service.Start();
        foreach (var service in All) await service.WaitUntilReady(Direct);
        Http = Client();
        Secretariat = Client(await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
    }

    /// <summary>A client of the gateway, with a bearer token when one is given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed record PoolMember(Guid MemberId, string Name, HttpClient Client);

    private readonly List<PoolMember> _pool = [];
    private readonly SemaphoreSlim _poolLock = new(1, 1);

    /// <summary>At least n admitted members with credentials, made once and shared by the ballot tests.</summary>
    public async Task<IReadOnlyList<PoolMember>> Pool(int n)
    {
        await _poolLock.WaitAsync();
        try
        {
            var missing = Enumerable.Range(_pool.Count, Math.Max(0, n - _pool.Count)).ToList();
            var made = new PoolMember[missing.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, missing.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var name = $"Pool Member {missing[i]:000} {Guid.NewGuid():N}";
                var m = await Member(name);
                made[i] = new PoolMember(m.MemberId, name, m.Client);
            });
            _pool.AddRange(made);
            return _pool.Take(n).ToList();
        }
        finally
        {
            _poolLock.Release();
        }
    }

    /// <summary>An admitted member with a credential of the given role, through the gateway.</summary>
    public async Task<(Guid MemberId, string ClientId, string Secret, HttpClient Client)> Member(string name, string role = "member", string tier = "general",
        string kind = "company", string? nameZh = null)
    {
        using var applied = await Http.Post("/api/members/applications",
            new { name, nameZh, kind, country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" });
        var id = (Guid)(await applied.Read())["memberId"]!;
        (await Secretariat.Post($"/api/members/{id}/admission", new { tier })).EnsureSuccessStatusCode();
        var issued = await (await Secretariat.Post($"/api/members/{id}/credentials", new { role })).Read();
        var (clientId, secret) = ((string)issued["clientId"]!, (string)issued["clientSecret"]!);
        return (id, clientId, secret, Client(await AccessTokens.Get(Http, clientId, secret)));
    }

    public IEnumerable<ServiceProcess> All => [Registry, Governance, Compatibility, Portal, Gateway];

    public async Task DisposeAsync()
    {
        await Tests.Portal.Browser.Close();
        // The services' logs stay behind for whoever reads a failure: .run/logs/e2e-{service}.log.
        var logs = Path.Combine(ServiceProcess.RepoRoot, ".run", "logs");
        Directory.CreateDirectory(logs);
        foreach (var service in All) await File.WriteAllTextAsync(Path.Combine(logs, $"e2e-{service.Service}.log"), service.Log);
        foreach (var service in All) service.Dispose();
        await Servers.DisposeAsync();
    }
}

/// <summary>One platform for all end-to-end classes: they run one after the other against it.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
