namespace Alliance.Bench;

/// <summary>
/// How busy the machine was during a run: the share of its cores in use (/proc/stat) and the share of the time at
/// least one runnable task waited for a core (CPU pressure, /proc/pressure/cpu). An open-loop latency is only as
/// good as the cores the generator, the gateway, the service and PostgreSQL found free when they needed one.
/// </summary>
public sealed record MachineLoad(double Busy, double Pressure)
{
    public override string ToString() => $"machine {Busy:P0} busy, CPU pressure {Pressure:P0}";

    public static async Task<(Sample Sample, MachineLoad Load)> Measure(Func<Task<Sample>> run)
    {
        var (busy, total, waited) = Snapshot();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sample = await run();
        var elapsed = clock.Elapsed;
        var (busy2, total2, waited2) = Snapshot();
        var pressure = waited is { } w && waited2 is { } w2 ? (w2 - w) / (elapsed.TotalMilliseconds * 1000) : double.NaN;
        return (sample, new MachineLoad((busy2 - busy) / (total2 - total), pressure));
    }

    private static (double Busy, double Total, double? WaitedMicroseconds) Snapshot()
    {
        var (busy, total) = MachineTicks();
        // "some avg10=.. avg60=.. avg300=.. total=<microseconds>"; absent on kernels without PSI.
        double? waited = File.Exists("/proc/pressure/cpu")
            ? double.Parse(File.ReadLines("/proc/pressure/cpu").First().Split("total=")[1])
            : null;
        return (busy, total, waited);
    }

    /// <summary>The machine's CPU ticks since boot, busy and all (first line of /proc/stat; idle and iowait are not busy).</summary>
    public static (double Busy, double Total) MachineTicks()
    {
        // user nice system idle iowait irq softirq steal ...
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
        return (ticks.Sum() - ticks[3] - ticks[4], ticks.Sum());
    }
}
