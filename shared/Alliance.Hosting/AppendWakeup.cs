using System.Diagnostics;
using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Services;

namespace Alliance.Hosting;

/// <summary>
/// Wakes this process's async daemon (and so the outbox forwarder) the moment a session of this process commits
/// events, without LISTEN/NOTIFY. Marten's own option (UseListenNotifyForEventAppends) puts a NOTIFY into every
/// appending transaction, and PostgreSQL serialises the commits of all notifying transactions on one lock: under
/// load the commits queued behind each other's WAL flush and throughput halved (measured in docs/benchmarks.md).
/// Appends made by another instance of the service (the daemon runs on one only: HotCold) wake it through
/// ClusterSignals: a NOTIFY of its own, at most one per 25 ms per instance, after the commit and outside it; polling
/// (FastPollingTime/SlowPollingTime) remains the fallback.
/// </summary>
public sealed class AppendWakeup : DocumentSessionListenerBase, IDaemonWakeup
{
    /// <summary>The NOTIFY channel of "events were appended" (docs/scale-out.md).</summary>
    public const string Channel = "alliance_events_appended";

    private readonly ClusterSignals? _signals;

    public AppendWakeup(ClusterSignals? signals = null)
    {
        _signals = signals;
        signals?.On(Channel, () =>
        {
            Pulse();
            return Task.CompletedTask;
        });
    }

    // A burst of commits becomes one daemon cycle per interval instead of one per commit. A cycle (high-water check,
    // the forwarder's page, two checkpoint commits) costs the same for one event as for fifty: at 5 ms, half of
    // P1's peak rate cost 3.05 ms of machine CPU per command against 1.69 at the peak; at 25 ms, 2.33 and 1.46
    // (docs/benchmarks.md). The price: an event reaches RabbitMQ up to 25 ms later.
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(25);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _pending;
    private long _lastWake;

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any())
        {
            Pulse();
            _signals?.Raise(Channel);
        }
        return Task.CompletedTask;
    }

    /// <summary>Sticky: a commit that lands while the daemon is busy still wakes its next wait.</summary>
    public void Pulse()
    {
        // Only the commit that flips the flag releases: no SemaphoreFullException (an exception per race) under load.
        if (Interlocked.Exchange(ref _pending, 1) == 0) _signal.Release();
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastWake));
        if (since < Spacing) await Task.Delay(Spacing - since, token);
        if (await _signal.WaitAsync(timeout, token)) Interlocked.Exchange(ref _pending, 0);
        Interlocked.Exchange(ref _lastWake, Stopwatch.GetTimestamp());
    }

    public void Dispose() => _signal.Dispose();
}
