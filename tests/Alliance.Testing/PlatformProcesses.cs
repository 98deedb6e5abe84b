namespace Alliance.Testing;

/// <summary>
/// The platform as operating-system processes on a fixture's servers: the three services, the Portal (or not)
/// and the gateway in front. Every service validates tokens from Registry's discovery document; tokens name
/// the gateway as issuer. Extra settings go to the three services (rate limits, for example).
/// </summary>
public sealed class PlatformProcesses
{
    public ServiceProcess Registry { get; }
    public ServiceProcess Governance { get; }
    public ServiceProcess Compatibility { get; }
    public ServiceProcess? Portal { get; }
    public ServiceProcess Gateway { get; }

    public IEnumerable<ServiceProcess> All => new[] { Registry, Governance, Compatibility, Portal, Gateway }.OfType<ServiceProcess>();

    public PlatformProcesses(TestServers servers, bool withPortal, IReadOnlyDictionary<string, string>? serviceSettings = null)
    {
        var gatewayPort = ServiceProcess.FreePort();
        var registryPort = ServiceProcess.FreePort();
        Dictionary<string, string> Settings(string service, IReadOnlyDictionary<string, string>? extra = null) =>
            new(servers.SettingsFor(service).Concat(extra ?? new Dictionary<string, string>()).Concat(serviceSettings ?? new Dictionary<string, string>()))
            {
                ["Auth:MetadataAddress"] = $"http://127.0.0.1:{registryPort}/.well-known/openid-configuration",
            };
        Registry = new ServiceProcess("Registry", Settings("registry", AccessTokens.SecretariatSettings($"http://127.0.0.1:{gatewayPort}")), registryPort);
        Governance = new ServiceProcess("Governance", Settings("governance"));
        // Compatibility's deadlines (expiry months away) are tested by moving its clock: ServiceClock.
        Compatibility = new ServiceProcess("Compatibility", Settings("compatibility", ServiceClock.Settings));
        var services = new Dictionary<string, string>
        {
            ["Services:Registry"] = Registry.Url,
            ["Services:Governance"] = Governance.Url,
            ["Services:Compatibility"] = Compatibility.Url,
        };
        Portal = withPortal ? new ServiceProcess("Portal", services) : null;
        Gateway = new ServiceProcess("Gateway", new Dictionary<string, string>(services) { ["Services:Portal"] = Portal?.Url ?? "" }, gatewayPort);
    }

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
        foreach (var process in All) await File.WriteAllTextAsync(Path.Combine(logs, $"{prefix}-{process.Service}.log"), process.Log);
        foreach (var process in All) process.Dispose();
    }
}
