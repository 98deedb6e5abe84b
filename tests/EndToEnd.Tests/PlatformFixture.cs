using Alliance.EndToEnd.Tests.Observability;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Registry, Governance, Compatibility and the Gateway as processes, on a fresh database set and virtual host.</summary>
public class PlatformFixture : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public ServiceProcess Registry { get; private set; } = null!;
    public ServiceProcess Governance { get; private set; } = null!;
    public ServiceProcess Compatibility { get; private set; } = null!;
    public ServiceProcess Notifications => _processes.Notifications;
    public ServiceProcess Gateway { get; private set; } = null!;
    public ServiceProcess Portal { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public HttpClient Secretariat { get; private set; } = null!;

    private PlatformProcesses _processes = null!;

    /// <summary>
    /// Where every process of the platform sends its spans (the trace test waits on it). Only traces whose caller marked
    /// them sampled are kept (a test's own traceparent, TraceTests): a root span is never sampled, so the other tests'
    /// requests and the background's polling make no exports and cost nothing but the spans' ids.
    /// </summary>
    public ZipkinReceiver Zipkin { get; } = new();

    protected IReadOnlyDictionary<string, string> Telemetry => new Dictionary<string, string>
    {
        ["Telemetry:ZipkinEndpoint"] = Zipkin.Endpoint,
        ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
        ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        // The batch exporter's period (the standard variable): spans arrive within a fifth of a second. Its queue holds
        // every span of a traced flow, so none is dropped on a slow machine.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536",
    };

    public async Task InitializeAsync()
    {
        Tests.Portal.Browser.Hold();
        await Servers.InitializeAsync();
        _processes = CreateProcesses();
        (Registry, Governance, Compatibility, Portal, Gateway) = (_processes.Registry, _processes.Governance, _processes.Compatibility, _processes.Portal!, _processes.Gateway);
        await _processes.Start(Direct);
        Http = Client();
        Secretariat = Renewing(AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret, await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
    }

    /// <summary>The processes of the platform, with the fixture's settings and the trace exporter's.</summary>
    protected virtual PlatformProcesses CreateProcesses() => new(Servers, WithPortal,
        new Dictionary<string, string>(Telemetry.Concat(ServiceSettings ?? new Dictionary<string, string>())), Telemetry, Instances);

    /// <summary>A client of the gateway, with a bearer token when one is given.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client of the gateway whose token is renewed before it expires (shared clients outlive a token on a slow run).</summary>
    public HttpClient Renewing(string clientId, string secret, string token)
    {
        var client = new HttpClient(new RenewingToken(Gateway.Url, clientId, secret, token)) { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
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
        var client = Renewing(clientId, secret, await AccessTokens.Get(Http, clientId, secret));
        // Governance and Compatibility learn of an admission from Registry's MemberAdmitted message, tens of
        // milliseconds later; a test that proposes, votes or registers a product at once would race it (a sponsor
        // "not in good standing", an unknown vendor: 400).
        await Eventually.True(async () => (await Http.GetNode($"/api/electorate?member={id}"))["items"]!.AsArray().Count > 0
            && (await Http.GetNode($"/api/vendors?member={id}"))["items"]!.AsArray().Count > 0, "Governance and Compatibility know the new member");
        return (id, clientId, secret, client);
    }

    public IEnumerable<ServiceProcess> All => _processes.All;

    /// <summary>How many instances of each service run behind the gateway (ScaleOutFixture: two).</summary>
    protected virtual int Instances => 1;

    protected virtual bool WithPortal => true;

    /// <summary>Settings for every instance of the three services.</summary>
    protected virtual IReadOnlyDictionary<string, string>? ServiceSettings => null;

    /// <summary>Every instance of a service, the first one first.</summary>
    public IReadOnlyList<ServiceProcess> InstancesOf(ServiceProcess first) => _processes.Instances(first);

    /// <summary>A second instance of a service on the same database and virtual host (not started; dispose it).</summary>
    public ServiceProcess SecondInstance(ServiceProcess first, IReadOnlyDictionary<string, string>? settings = null) => _processes.SecondInstance(first, settings);

    /// <summary>The fault-hook folder of an instance ("governance", "governance-2").</summary>
    public string FaultHookFolder(string instance) => _processes.FaultHookFolder(instance);

    /// <summary>Arms a crash point in one service ("registry", "governance", "compatibility"): the process ends there, once.</summary>
    public void ArmFault(string service, string point) => _processes.ArmFault(service, point);
    /// <summary>The services' logs are kept as .run/logs/{LogPrefix}-{service}.log.</summary>
    protected virtual string LogPrefix => "e2e";

    /// <summary>No message of the tests is left in any "_error" queue, and every service's readiness says so too.</summary>
    public async Task AssertNoDeadLetters()
    {
        Assert.Empty(await DeadLetterQueues.NonEmpty(Servers));
        foreach (var service in new[] { Registry, Governance, Compatibility })
        {
            var ready = await Direct.GetNode($"{service.Url}/health/ready");
            Assert.Equal("Healthy", (string)ready["checks"]!["dead-letters"]!["status"]!);
        }
    }

    public async Task DisposeAsync()
    {
        await Tests.Portal.Browser.Release();
        // The services' logs stay behind for whoever reads a failure: .run/logs/e2e-{service}.log.
        await _processes.Stop(LogPrefix);
        await Servers.DisposeAsync();
        Zipkin.Dispose();
    }
}

/// <summary>One platform for all end-to-end classes: they run one after the other against it.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
