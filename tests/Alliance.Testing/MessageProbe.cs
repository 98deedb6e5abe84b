using System.Collections.Concurrent;
using MassTransit;

namespace Alliance.Testing;

/// <summary>A real bus on the fixture's virtual host with one temporary queue that records every T it receives.</summary>
public sealed class MessageProbe<T> : IAsyncDisposable where T : class
{
    private readonly IBusControl _bus;
    public ConcurrentQueue<ConsumeContext<T>> Received { get; } = new();
    public IBus Bus => _bus;

    /// <summary>With a queue name the probe's queue is durable, so a probe started later on the same name gets what arrived meanwhile.</summary>
    private MessageProbe(TestServers servers, string? queue)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, servers.RabbitPort, servers.VirtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint(queue ?? $"probe-{typeof(T).Name}-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = queue is null;
                e.Durable = queue is not null;
                e.Handler<T>(context => { Received.Enqueue(context); return Task.CompletedTask; });
            });
        });
    }

    public static async Task<MessageProbe<T>> Start(TestServers servers, string? queue = null)
    {
        var probe = new MessageProbe<T>(servers, queue);
        await probe._bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return probe;
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
