using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Alliance.Hosting;

/// <summary>The service's own receive queues, as MassTransit starts them (their dead letters go to "{queue}_error").</summary>
internal sealed class ReceiveQueues(string service) : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, bool> _names = new();

    public IEnumerable<string> Names => _names.Keys.Order();

    public Task Ready(ReceiveEndpointReady ready)
    {
        // The bus's own temporary endpoint is not a consumer queue; the consumers' are named "{service}-…".
        var queue = ready.InputAddress.AbsolutePath.Split('/').Last();
        if (queue.StartsWith(service + "-", StringComparison.Ordinal)) _names.TryAdd(queue, true);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>
/// Dead letters are visible without a tool: each of the service's "_error" queues is counted with a passive declare
/// (no management plugin needed) and a non-empty one makes readiness "Degraded" and names it. Advisory: the
/// service still serves (200), since a dead letter is a fault to look at, not a reason to take the instance out.
/// </summary>
internal sealed class DeadLetterHealthCheck(ReceiveQueues queues, IConfiguration configuration) : IHealthCheck, IAsyncDisposable
{
    public const string Advisory = "advisory";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var full = (await CountUnlocked(ct)).Where(q => q.Value > 0).ToDictionary(q => q.Key, q => (object)q.Value);
            return full.Count == 0
                ? HealthCheckResult.Healthy($"no dead letters in {queues.Names.Count()} error queues")
                : HealthCheckResult.Degraded("dead letters: " + string.Join(", ", full.Select(q => $"{q.Key} holds {q.Value}")) +
                    " (README, Operations: inspecting and replaying dead letters)", data: full);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"the error queues could not be counted: {e.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every "_error" queue of the service with its depth (0 included), for /metrics.</summary>
    public async Task<IReadOnlyDictionary<string, uint>> Count(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await CountUnlocked(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<string, uint>> CountUnlocked(CancellationToken ct)
    {
        var connection = await Connect(ct);
        var counts = new Dictionary<string, uint>();
        foreach (var queue in queues.Names) counts[queue + "_error"] = await Count(connection, queue + "_error", ct);
        return counts;
    }

    private static async Task<uint> Count(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit declares an error queue when it first moves a message there
        }
    }

    private async Task<IConnection> Connect(CancellationToken ct)
    {
        if (_connection is { IsOpen: true }) return _connection;
        if (_connection is not null) await _connection.DisposeAsync();
        var config = configuration.GetSection("RabbitMq");
        var factory = new ConnectionFactory
        {
            HostName = config["Host"] ?? "127.0.0.1",
            Port = int.Parse(config["Port"] ?? "56729"),
            VirtualHost = config["VirtualHost"] ?? "/",
            UserName = config["Username"] ?? "guest",
            Password = config["Password"] ?? "guest",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "dead-letter-health",
        };
        return _connection = await factory.CreateConnectionAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
