namespace Alliance.Bench;

/// <summary>
/// Where the machine's CPU went during a run, per operation: Registry, PostgreSQL (every postgres process), the
/// generator (this process) and everything else, from /proc. On two shared cores a throughput ratio is a ratio of
/// CPU per operation, so this is the decomposition that explains it.
/// </summary>
public sealed record CpuShare(double Registry, double Postgres, double Generator, double Rest)
{
    public double Total => Registry + Postgres + Generator + Rest;

    public override string ToString() =>
        $"{Total:0.00} ms: Registry {Registry:0.00}, PostgreSQL {Postgres:0.00}, generator {Generator:0.00}, rest {Rest:0.00}";

    public static async Task<(Sample Sample, CpuShare PerOperation)> Measure(string repo, Func<Task<Sample>> run)
    {
        var before = Snapshot(repo);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sample = await run();
        var seconds = clock.Elapsed.TotalSeconds;
        var after = Snapshot(repo);
        // The run includes the driver's warm-up; operations are counted over the whole window at the measured rate.
        var operations = sample.PerSecond * seconds;
        double Ms(Func<(double Registry, double Postgres, double Self, double All), double> f) => (f(after) - f(before)) * 1000 / operations;
        var (registry, postgres, self) = (Ms(s => s.Registry), Ms(s => s.Postgres), Ms(s => s.Self));
        return (sample, new CpuShare(registry, postgres, self, Ms(s => s.All) - registry - postgres - self));
    }

    private static readonly double Tick = 100.0;   // USER_HZ on Linux

    private static (double Registry, double Postgres, double Self, double All) Snapshot(string repo)
    {
        var registryPid = File.ReadAllText(Path.Combine(repo, ".run", "pids", "Registry.pid")).Trim();
        double registry = 0, postgres = 0, self = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(dir);
            if (!pid.All(char.IsAsciiDigit)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = (double.Parse(fields[11]) + double.Parse(fields[12])) / Tick;
            if (pid == registryPid) registry += cpu;
            // A backend that exits takes its CPU time with it, into its parent's cutime/cstime: the postmaster's
            // counts the connections a measure closed (the baselines close their pools before the window ends).
            else if (name == "postgres") postgres += cpu + (double.Parse(fields[13]) + double.Parse(fields[14])) / Tick;
            else if (pid == Environment.ProcessId.ToString()) self += cpu;
        }
        return (registry, postgres, self, MachineLoad.MachineTicks().Busy / Tick);
    }
}
