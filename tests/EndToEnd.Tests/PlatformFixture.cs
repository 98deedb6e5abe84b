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
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Registry = new ServiceProcess("Registry", Servers.SettingsFor("registry"));
        Governance = new ServiceProcess("Governance", Servers.SettingsFor("governance"));
        Compatibility = new ServiceProcess("Compatibility", Servers.SettingsFor("compatibility"));
        Gateway = new ServiceProcess("Gateway", new Dictionary<string, string>
        {
            ["Services:Registry"] = Registry.Url,
            ["Services:Governance"] = Governance.Url,
            ["Services:Compatibility"] = Compatibility.Url,
        });
        foreach (var service in All) service.Start();
        foreach (var service in All) await service.WaitUntilReady(Direct);
        Http = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public IEnumerable<ServiceProcess> All => [Registry, Governance, Compatibility, Gateway];

    public async Task DisposeAsync()
    {
        foreach (var service in All) service.Dispose();
        await Servers.DisposeAsync();
    }
}
