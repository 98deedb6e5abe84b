using System.Collections.Concurrent;
using MassTransit;

namespace Alliance.Testing;

/// <summary>A real bus on the fixture's virtual host with one temporary queue that records every T it receives.</summary>
public sealed class MessageProbe<T> : IAsyncDisposable where T : class
{
    private readonly IBusControl _bus;
    public ConcurrentQueue<ConsumeContext<T>> Received { get; } = new();
    public IBus Bus => _bus;

    private MessageProbe(TestServers servers)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, servers.RabbitPort, servers.VirtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint($"probe-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<T>(context => { Received.Enqueue(context); return Task.CompletedTask; });
            });
        });
    }

    public static async Task<MessageProbe<T>> Start(TestServers servers)
    {
        var probe = new MessageProbe<T>(servers);
        await probe._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return probe;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
