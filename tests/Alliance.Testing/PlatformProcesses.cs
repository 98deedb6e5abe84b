namespace Alliance.Testing;

/// <summary>
/// The platform as operating-system processes on a fixture's servers: the three services, the Portal (or not)
/// and the gateway in front. Every service validates tokens from Registry's discovery document; tokens name
/// the gateway as issuer. Extra settings go to the three services (rate limits, for example); gateway settings to
/// the gateway (the proxies it trusts, for example).
/// </summary>
public sealed class PlatformProcesses
{
    public ServiceProcess Registry { get; }
    public ServiceProcess Governance { get; }
    public ServiceProcess Compatibility { get; }
    public ServiceProcess Transparency { get; }
    public ServiceProcess Market { get; }
    public ServiceProcess Notifications { get; }
    public ServiceProcess? Portal { get; }
    public ServiceProcess Gateway { get; }

    public IEnumerable<ServiceProcess> All => new[] { Registry, Governance, Compatibility }.SelectMany(Instances)
        .Concat(new[] { Transparency, Market, Notifications, Portal, Gateway }.OfType<ServiceProcess>());

    /// <summary>Every instance of a service, its first (Registry, Governance, Compatibility) first.</summary>
    public IReadOnlyList<ServiceProcess> Instances(ServiceProcess first) => [first, .. _more.GetValueOrDefault(first.Service, [])];

    private readonly Dictionary<string, List<ServiceProcess>> _more = [];

    /// <summary>
    /// instances: how many instances of each of the three services, behind the gateway as `make run INSTANCES=n`
    /// puts them (docs/scale-out.md); instance k's fault-hook folder is "{service}-k".
    /// </summary>
    public PlatformProcesses(TestServers servers, bool withPortal, IReadOnlyDictionary<string, string>? serviceSettings = null,
        IReadOnlyDictionary<string, string>? gatewaySettings = null, int instances = 1)
    {
        var gatewayPort = ServiceProcess.FreePort();
        var registryPort = ServiceProcess.FreePort();
        Dictionary<string, string> Settings(string service, IReadOnlyDictionary<string, string>? extra = null) =>
            new(servers.SettingsFor(service).Concat(extra ?? new Dictionary<string, string>()).Concat(serviceSettings ?? new Dictionary<string, string>()))
            {
                // Several Registry instances: any of them answers discovery, through the gateway.
                ["Auth:MetadataAddress"] = $"http://127.0.0.1:{(instances > 1 ? gatewayPort : registryPort)}/.well-known/openid-configuration",
                ["FaultHooks:Directory"] = Directory.CreateDirectory(Path.Combine(FaultHookRoot, service)).FullName,
                ["PublicUrl"] = $"http://127.0.0.1:{gatewayPort}",
            };
        Registry = new ServiceProcess("Registry", Settings("registry", AccessTokens.SecretariatSettings($"http://127.0.0.1:{gatewayPort}")), registryPort);
        // Governance's too: a closing time that passes while it is stopped is tested by restarting it "later".
        Governance = new ServiceProcess("Governance", Settings("governance", ServiceClock.Settings));
        // Compatibility's deadlines (expiry months away) are tested by moving its clock: ServiceClock.
        Compatibility = new ServiceProcess("Compatibility", Settings("compatibility", ServiceClock.Settings));
        // Checkpoints every 200 ms rather than 5 s, so a test waits for its receipt a moment, not seconds.
        Transparency = new ServiceProcess("Transparency", Settings("transparency", new Dictionary<string, string> { ["Log:CheckpointIntervalSeconds"] = "0.2" }));
        // Leases end and offers expire by the clock: the market's clock moves too.
        Market = new ServiceProcess("Market", Settings("market", ServiceClock.Settings));
        // Webhooks to the test's own receivers on the loopback, retried within seconds instead of hours.
        Notifications = new ServiceProcess("Notifications", Settings("notifications", NotificationSettings));
        foreach (var first in new[] { Registry, Governance, Compatibility })
            _more[first.Service] = [.. Enumerable.Range(2, Math.Max(0, instances - 1)).Select(k => Instance(first, k))];
        var services = new Dictionary<string, string>
        {
            ["Services:Registry"] = string.Join(",", Instances(Registry).Select(p => p.Url)),
            ["Services:Governance"] = string.Join(",", Instances(Governance).Select(p => p.Url)),
            ["Services:Compatibility"] = string.Join(",", Instances(Compatibility).Select(p => p.Url)),
            ["Services:Transparency"] = Transparency.Url,
            ["Services:Market"] = Market.Url,
            ["Services:Notifications"] = Notifications.Url,
        };
        // The Portal calls the first instance of each service (as make run starts it); Notifications for the workspace's webhook notices.
        var firsts = new Dictionary<string, string>
        {
            ["Services:Registry"] = Registry.Url,
            ["Services:Governance"] = Governance.Url,
            ["Services:Compatibility"] = Compatibility.Url,
            ["Services:Transparency"] = Transparency.Url,
            ["Services:Market"] = Market.Url,
            ["Services:Notifications"] = Notifications.Url,
        };
        Portal = withPortal ? new ServiceProcess("Portal", new Dictionary<string, string>(firsts) { ["PublicUrl"] = $"http://127.0.0.1:{gatewayPort}" }) : null;
        var gateway = new Dictionary<string, string>(services) { ["Services:Portal"] = Portal?.Url ?? "" };
        foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string>()) gateway[key] = value;
        Gateway = new ServiceProcess("Gateway", gateway, gatewayPort);
    }

    /// <summary>Notifications as the tests run it: loopback targets allowed (Testing only), retries after 0.3 s, 0.3 s, 0.3 s.</summary>
    public static readonly IReadOnlyDictionary<string, string> NotificationSettings = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:RetrySchedule"] = "00:00:00.3,00:00:00.3,00:00:00.3",
    };

    private string FaultHookRoot { get; } = Path.Combine(Path.GetTempPath(), $"alliance-faults-{Guid.NewGuid():N}");

    /// <summary>A second instance of a service ("governance"…) with a fault-hook folder of its own, not yet started.</summary>
    public ServiceProcess SecondInstance(ServiceProcess first, IReadOnlyDictionary<string, string>? settings = null) => Instance(first, 2, settings);

    private ServiceProcess Instance(ServiceProcess first, int k, IReadOnlyDictionary<string, string>? settings = null) => first.Twin(
        new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["FaultHooks:Directory"] = Directory.CreateDirectory(Path.Combine(FaultHookRoot, $"{first.Service.ToLowerInvariant()}-{k}")).FullName,
        }, $"{first.Service}-{k}");

    /// <summary>The fault-hook folder of a service instance ("governance", "governance-2").</summary>
    public string FaultHookFolder(string instance) => Path.Combine(FaultHookRoot, instance);

    /// <summary>Arms a crash point (Alliance.Hosting.FaultHooks) in one service: its process ends there, once.</summary>
    public void ArmFault(string service, string point) => File.WriteAllText(Path.Combine(FaultHookRoot, service.ToLowerInvariant(), point), "");

    /// <summary>Starts every process and waits until each says it is ready.</summary>
    public async Task Start(HttpClient direct)
    {
        foreach (var process in All) process.Start();
        foreach (var process in All) await process.WaitUntilReady(direct);
    }

    /// <summary>Keeps each process's log in .run/logs/{prefix}-{service}.log for whoever reads a failure, then stops them.</summary>
    public async Task Stop(string prefix)
    {
        var logs = Path.Combine(ServiceProcess.RepoRoot, ".run", "logs");
        Directory.CreateDirectory(logs);
        foreach (var process in All) await File.WriteAllTextAsync(Path.Combine(logs, $"{prefix}-{process.Name}.log"), process.Log);
        foreach (var process in All) process.Dispose();
    }
}
