using System.Diagnostics;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Registry.Tests.EventStore;

/// <summary>
/// The daemon's wake-up: the short fallback poll right after commits, the long one when the store is idle, and a
/// commit waking an idle daemon at once. The idle time is a test clock's, moved forward instead of waited for.
/// </summary>
public sealed class AppendWakeupTests
{
    private static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(100);
    // Far longer than anything the test waits for: an idle wait that ended on its own would be the fast poll.
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Right_after_a_commit_the_daemon_polls_at_its_own_period()
    {
        var time = new SteppedTime();
        using var wakeup = new AppendWakeup(idlePoll: IdlePoll, time: time);
        wakeup.Pulse();
        await wakeup.WaitAsync(TimeSpan.Zero, CancellationToken.None); // the pulse

        time.Advance(TimeSpan.FromSeconds(9));
        var waited = Stopwatch.StartNew();
        await wakeup.WaitAsync(FastPoll, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(waited.Elapsed >= FastPoll - TimeSpan.FromMilliseconds(20), $"returned after {waited.Elapsed}: without a wake");
    }

    [Fact]
    public async Task Idle_the_daemon_waits_the_long_poll_and_a_commit_wakes_it_at_once()
    {
        var time = new SteppedTime();
        using var wakeup = new AppendWakeup(idlePoll: IdlePoll, time: time);
        time.Advance(TimeSpan.FromSeconds(11));

        var idle = wakeup.WaitAsync(FastPoll, CancellationToken.None);
        await Task.Delay(FastPoll * 10);
        Assert.False(idle.IsCompleted, "an idle daemon still polled at 100 ms");

        wakeup.Pulse();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));

        // The commit made it busy again: the next wait without a wake is the short one.
        await wakeup.WaitAsync(FastPoll, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Timestamps that move only when the test says (Stopwatch ticks, as TimeProvider.System's).</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private long _timestamp = Stopwatch.GetTimestamp();
        public override long GetTimestamp() => Interlocked.Read(ref _timestamp);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * Stopwatch.Frequency));
    }
}
