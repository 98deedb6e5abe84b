using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// A service in-process on its own database and virtual host, started, with a counter of the messages
/// its consumers handled and its own bus to publish what another service would.
/// </summary>
public class InProcessService<TProgram>(string service, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : IAsyncLifetime
    where TProgram : class
{
    public TestServers Servers { get; } = new();
    public ServiceFactory<TProgram> Factory { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public ConsumeCounter Consumed { get; } = new();
    public IBus Bus => Factory.Services.GetRequiredService<IBus>();

    public virtual async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Factory = new ServiceFactory<TProgram>(Servers, service, settings, services);
        Http = Factory.CreateClient();
        Bus.ConnectReceiveObserver(Consumed);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Servers.DisposeAsync();
    }
}
