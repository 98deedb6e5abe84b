using System.Globalization;
using Alliance.Testing;

namespace Alliance.Reliability.Tests;

/// <summary>One line per scenario run, appended to .run/chaos-figures.md, which deploy/chaos.sh prints as a table.</summary>
public static class Figures
{
    public static string File => Path.Combine(ServiceProcess.RepoRoot, ".run", "chaos-figures.md");

    public static void Record(string scenario, long sent, long accepted, long inStore, string effects, long serverErrors, TimeSpan? converge, string note = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {sent} | {accepted} | {inStore} | {effects} | {serverErrors} | {(converge is { } c ? $"{c.TotalSeconds:0.0} s" : "—")} | {note} |\n");
        lock (typeof(Figures)) System.IO.File.AppendAllText(File, line);
    }
}
