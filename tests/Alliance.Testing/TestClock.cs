namespace Alliance.Testing;

/// <summary>
/// The system clock, moved forward on demand: a five-minute window passes in a test without sleeping.
/// Timers and delays stay real, so background workers keep running.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
