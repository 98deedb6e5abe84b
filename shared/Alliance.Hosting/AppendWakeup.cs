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
/// (FastPollingTime/SlowPollingTime) remains the fallback, and slows when the store is idle (see WaitAsync).
/// </summary>
public sealed class AppendWakeup : DocumentSessionListenerBase, IDaemonWakeup
{
    /// <summary>The NOTIFY channel of "events were appended" (docs/scale-out.md).</summary>
    public const string Channel = "alliance_events_appended";

    private readonly ClusterSignals? _signals;

    /// <param name="time">Whose timestamps measure the idle time (a test's, to be idle without waiting 10 s).</param>
    public AppendWakeup(ClusterSignals? signals = null, TimeSpan? idlePoll = null, TimeProvider? time = null)
    {
        _signals = signals;
        _idlePoll = idlePoll ?? TimeSpan.FromSeconds(2);
        _time = time ?? TimeProvider.System;
        _lastPulse = _time.GetTimestamp();
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

    // The 100 ms fallback poll is for the seconds after a commit (a wake missed while the daemon looked at an unfinished
    // transaction, a sequence gap Marten skips after its StaleSequenceThreshold of 3 s). With no commit and no signal
    // for IdleAfter, nothing is in flight, and the next commit wakes the daemon anyway: the poll stretches to
    // EventStore:IdlePollMilliseconds. Idle at 100 ms, each service's daemon ran 8 cycles a second (a high-water query,
    // an UPDATE of its heartbeat row, three pool resets: 50-73 transactions a second per database, a third of a core
    // for an idle platform; docs/benchmarks.md, "Idle cost").
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(10);
    private readonly TimeSpan _idlePoll;
    private readonly TimeProvider _time;
    private long _lastPulse;

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
        Interlocked.Exchange(ref _lastPulse, _time.GetTimestamp());
        // Only the commit that flips the flag releases: no SemaphoreFullException (an exception per race) under load.
        if (Interlocked.Exchange(ref _pending, 1) == 0) _signal.Release();
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token)
    {
        var since = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastWake));
        if (since < Spacing) await Task.Delay(Spacing - since, token);
        if (timeout < _idlePoll && _time.GetElapsedTime(Interlocked.Read(ref _lastPulse)) > IdleAfter) timeout = _idlePoll;
        if (await _signal.WaitAsync(timeout, token)) Interlocked.Exchange(ref _pending, 0);
        Interlocked.Exchange(ref _lastWake, Stopwatch.GetTimestamp());
    }

    public void Dispose() => _signal.Dispose();
}
