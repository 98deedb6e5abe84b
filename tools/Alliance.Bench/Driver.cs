using System.Diagnostics;

namespace Alliance.Bench;

/// <summary>One measured run: operations per second and latency percentiles (milliseconds).</summary>
public sealed record Sample(double PerSecond, double P50, double P95, double P99, long Errors)
{
    public static Sample Of(List<double> latencies, TimeSpan elapsed, long errors)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Sample(latencies.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), errors);
    }
}

/// <summary>
/// Load generators: closed loop (n workers, each sends the next request when the last one answered: the peak
/// rate) and open loop at a fixed rate (requests start on schedule whatever the answers do: latency at a load).
/// </summary>
public static class Driver
{
    public static async Task<Sample> Closed(int workers, TimeSpan duration, Func<int, Task<bool>> operation, TimeSpan? warmup = null)
    {
        await Run(workers, warmup ?? TimeSpan.FromSeconds(2), operation, null);
        var latencies = new List<double>();
        var errors = 0L;
        var elapsed = await Run(workers, duration, operation, (ms, ok) =>
        {
            lock (latencies) { if (ok) latencies.Add(ms); else errors++; }
        });
        return Sample.Of(latencies, elapsed, errors);
    }

    private static async Task<TimeSpan> Run(int workers, TimeSpan duration, Func<int, Task<bool>> operation, Action<double, bool>? record)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await operation(w); } catch { ok = false; }
                record?.Invoke(Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
            }
        }));
        return clock.Elapsed;
    }

    public static async Task<Sample> Paced(double perSecond, TimeSpan duration, Func<int, Task<bool>> operation, TimeSpan? warmup = null)
    {
        // As the closed loop: two seconds at the same rate first, not recorded. Without it a pool that grows to the
        // rate (PostgreSQL connections opened under load: 150-330 ms) makes the first half second the run's p99.
        var warm = warmup ?? TimeSpan.FromSeconds(2);
        if (warm > TimeSpan.Zero) await Paced(perSecond, warm, operation, TimeSpan.Zero);
        var latencies = new List<double>();
        var timeline = new List<(double Due, double Sent, double Ms)>();   // BENCH_TIMELINE: when each request was due, sent, and how long it took
        var errors = 0L;
        var total = (int)(perSecond * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var sent = clock.Elapsed.TotalMilliseconds;
                bool ok;
                try { ok = await operation(n); } catch { ok = false; }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies) { if (ok) latencies.Add(ms); else errors++; timeline.Add((due.TotalMilliseconds, sent, ms)); }
            }));
        }
        await Task.WhenAll(tasks);
        if (Environment.GetEnvironmentVariable("BENCH_TIMELINE") is { } file)
            await File.WriteAllLinesAsync(file, [$"# started {DateTime.UtcNow - clock.Elapsed:HH:mm:ss.fff} UTC; due, sent (ms from the start), latency (ms)", .. timeline.OrderBy(x => x.Due).Select(x => $"{x.Due:0.000} {x.Sent:0.000} {x.Ms:0.000}")]);
        return Sample.Of(latencies, duration, errors);
    }
}
