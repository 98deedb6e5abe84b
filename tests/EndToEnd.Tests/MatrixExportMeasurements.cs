using System.Diagnostics;
using System.Globalization;
using Alliance.Cli;
using Alliance.Import;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>Runs only with ALLIANCE_MEASURE=1: the numbers take minutes (the whole import first) and belong in a report, not in every run.</summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ALLIANCE_MEASURE") != "1") Skip = "a measurement: set ALLIANCE_MEASURE=1";
    }
}

/// <summary>
/// Time and Compatibility's peak memory for the matrix exports after the Certified Kubernetes import: cold (a new
/// asOf each time, so no cache can answer), eight at once, and warm (the same question again). Peak RSS is read
/// from /proc (VmHWM, reset through clear_refs before each series).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MatrixExportMeasurements(PlatformFixture platform, ITestOutputHelper output)
{
    [MeasurementFact]
    public async Task Matrix_exports_after_the_kubernetes_import()
    {
        var data = Environment.GetEnvironmentVariable("ALLIANCE_K8S_CSV") ?? Path.Combine(ServiceProcess.RepoRoot, "..", "shared", "data", "k8s-conformance.csv");
        await new Importer(new PlatformApi(platform.Gateway.Url, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret), TextWriter.Null, TextWriter.Null).Run(data);
        var pid = PidListeningOn(platform.Compatibility.Port);
        var start = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var n = 0;
        string Url(string kind, bool fresh) => $"/api/matrix.{kind}?standard=K8S&asOf={Uri.EscapeDataString((fresh ? start.AddSeconds(++n) : start).ToString("O"))}";
        using var http = new HttpClient { BaseAddress = new Uri(platform.Gateway.Url), Timeout = TimeSpan.FromMinutes(2) };
        foreach (var kind in new[] { "json", "csv" })
        {
            await Fetch(http, Url(kind, false)); // JIT and connection warm-up
            var before = Rss(pid);
            Reset(pid);
            var cold = new List<double>();
            long bytes = 0;
            for (var i = 0; i < 10; i++) { var (ms, size) = await Fetch(http, Url(kind, true)); cold.Add(ms); bytes = size; }
            var coldPeak = Peak(pid);
            Reset(pid);
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Fetch(http, Url(kind, true))));
            var parallelMs = wall.Elapsed.TotalMilliseconds;
            var parallelPeak = Peak(pid);
            var warm = new List<double>();
            for (var i = 0; i < 10; i++) warm.Add((await Fetch(http, Url(kind, false))).Ms);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: {bytes / 1024.0:0} KiB; RSS before {before / 1024.0:0} MiB; cold median {Median(cold):0} ms (peak RSS {coldPeak / 1024.0:0} MiB, RSS now {Rss(pid) / 1024.0:0} MiB); " +
                $"8 at once {parallelMs:0} ms (peak RSS {parallelPeak / 1024.0:0} MiB); warm median {Median(warm):0} ms"));
        }
    }

    private static async Task<(double Ms, long Size)> Fetch(HttpClient http, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var size = 0L;
        var buffer = new byte[81920];
        for (int read; (read = await body.ReadAsync(buffer)) > 0;) size += read;
        return (watch.Elapsed.TotalMilliseconds, size);
    }

    private static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);

    private static void Reset(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Peak(int pid) => Status(pid, "VmHWM:");

    private static long Rss(int pid) => Status(pid, "VmRSS:");

    private static long Status(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    // The process that listens on the port: the socket's inode in /proc/net/tcp, then the process holding it.
    private static int PidListeningOn(int port)
    {
        var hex = port.ToString("X4", CultureInfo.InvariantCulture);
        var inode = File.ReadLines("/proc/net/tcp").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f[1].EndsWith(":" + hex, StringComparison.Ordinal) && f[3] == "0A")[9];
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")).Any(fd => new FileInfo(fd).LinkTarget == $"socket:[{inode}]"))
                    return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // a process that ended meanwhile
            }
        }
        throw new InvalidOperationException($"No process listens on {port}.");
    }
}
