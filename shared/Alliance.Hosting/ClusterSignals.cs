using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Tells every instance of a service that something changed which it may hold in memory (docs/scale-out.md): a
/// PostgreSQL NOTIFY on a channel of the service's database, LISTENed to by every instance on a connection of its own.
/// Raise marks a channel; at most one NOTIFY per channel leaves every 25 ms, in a transaction of its own after the
/// change committed (never inside the appending transaction: PostgreSQL serialises the commits of notifying
/// transactions, see AppendWakeup). A handler runs on every instance, the raising one included, so it must be cheap and
/// idempotent. While the listening connection is down nothing is heard: on reconnecting every handler runs once, as if
/// each channel had been raised, since a change may have been missed.
/// </summary>
public sealed class ClusterSignals(DatabaseSettings settings) : BackgroundService
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(25);
    private readonly ConcurrentDictionary<string, List<Func<Task>>> _handlers = new();
    private readonly ConcurrentDictionary<string, bool> _raised = new();
    private readonly SemaphoreSlim _pending = new(0, 1);
    private int _signalled;

    /// <summary>The service's logger, once the host built it (this object exists before the container does).</summary>
    public ILogger Log { get; set; } = NullLogger.Instance;

    /// <summary>Calls handler on every instance after any instance raised channel (letters, digits and '_' only).</summary>
    public void On(string channel, Func<Task> handler)
    {
        if (!channel.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) throw new ArgumentException($"Channel names are SQL identifiers: {channel}", nameof(channel));
        var list = _handlers.GetOrAdd(channel, _ => []);
        lock (list) list.Add(handler);
    }

    /// <summary>Announces a committed change on channel to every instance, within about 25 ms.</summary>
    public void Raise(string channel)
    {
        _raised[channel] = true;
        if (Interlocked.Exchange(ref _signalled, 1) == 0) _pending.Release();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(Listen(stoppingToken), Send(stoppingToken));

    private async Task Send(CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(settings.ConnectionString);
        while (!ct.IsCancellationRequested)
        {
            await _pending.WaitAsync(ct);
            Interlocked.Exchange(ref _signalled, 0);
            foreach (var channel in _raised.Keys)
            {
                if (!_raised.TryRemove(channel, out _)) continue;
                try
                {
                    await using var cmd = db.CreateCommand($"notify {channel}");
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                catch (NpgsqlException e)
                {
                    // The listeners reconnect to the same database and run every handler then: nothing is lost for good.
                    Log.LogWarning(e, "Could not announce {Channel} to the other instances", channel);
                }
            }
            await Task.Delay(Spacing, ct);
        }
    }

    private async Task Listen(CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = $"{new NpgsqlConnectionStringBuilder(settings.ConnectionString).ApplicationName ?? "alliance"} listen",
        }.ConnectionString;
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                connection.Notification += (_, e) => Dispatch(e.Channel);
                foreach (var channel in _handlers.Keys)
                {
                    await using var cmd = new NpgsqlCommand($"listen {channel}", connection);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                if (!first) foreach (var channel in _handlers.Keys) Dispatch(channel);
                first = false;
                while (!ct.IsCancellationRequested) await connection.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                Log.LogWarning(e, "Lost the database connection that hears the other instances; reconnecting");
                first = false;
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private void Dispatch(string channel)
    {
        if (!_handlers.TryGetValue(channel, out var list)) return;
        Func<Task>[] handlers;
        lock (list) handlers = [.. list];
        foreach (var handler in handlers)
            _ = Task.Run(async () =>
            {
                try { await handler(); }
                catch (Exception e) { Log.LogWarning(e, "A handler of {Channel} failed", channel); }
            });
    }

    public override void Dispose()
    {
        _pending.Dispose();
        base.Dispose();
    }
}
