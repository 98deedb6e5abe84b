using Microsoft.Extensions.Configuration;

namespace Alliance.Hosting;

/// <summary>
/// Crash points for the fault tests: a process dies exactly where a test says, instead of a kill -9 that hits a
/// window by luck. Compiled only into Debug builds (FAULT_HOOKS, Directory.Build.props), which is what the test
/// suites run; the Release build that `make run`, the benchmarks and the images use has no hook at all.
/// A point fires once: when the file "FaultHooks:Directory/{point}" exists, it is deleted (so the restarted
/// process runs on) and the process ends at once, as a power cut would, without flushing or shutting down.
/// </summary>
public static class FaultHooks
{
    public const string ForwarderAfterConfirm = "forwarder-after-confirm";
    public const string DeadlineAfterFetch = "deadline-after-fetch";
    public const string ReactionAfterCommit = "reaction-after-commit";

    private static string? _directory;

    internal static void Configure(IConfiguration config) => _directory = config["FaultHooks:Directory"];

    /// <summary>
    /// Holds the caller here if a test armed this point: writes "{point}.reached" and waits (at most 30 s) for the
    /// test's "{point}.release". Two instances held at one point are released together, so their race is certain.
    /// </summary>
    public static async Task Pause(string point, CancellationToken ct)
    {
#if FAULT_HOOKS
        if (_directory is null || !File.Exists(Path.Combine(_directory, point))) return;
        File.Delete(Path.Combine(_directory, point));
        await File.WriteAllTextAsync(Path.Combine(_directory, point + ".reached"), "", ct);
        for (var waited = 0; waited < 600 && !File.Exists(Path.Combine(_directory, point + ".release")); waited++) await Task.Delay(50, ct);
#else
        _ = point;
        await Task.CompletedTask;
#endif
    }

    /// <summary>Ends the process here if a test armed this point.</summary>
    public static void Hit(string point)
    {
#if FAULT_HOOKS
        if (_directory is null) return;
        var armed = Path.Combine(_directory, point);
        if (!File.Exists(armed)) return;
        File.Delete(armed);
        Console.Error.WriteLine($"fault hook {point}: ending the process");
        System.Diagnostics.Process.GetCurrentProcess().Kill(); // SIGKILL to itself: no shutdown code runs
#else
        _ = point;
#endif
    }
}
