using System.Globalization;

namespace Alliance.Import;

/// <summary>
/// The release date of each Kubernetes minor version (kubernetes-releases.csv beside the program, with the source of
/// each date): the Certified Kubernetes mark for x.y lasts until the later of 12 months after the release of x.y and
/// 9 months after the release of x.y+1, so each version is ratified at its release and the rule counts from there.
/// </summary>
public static class Releases
{
    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "kubernetes-releases.csv");

    public static Dictionary<string, DateTimeOffset> Read(string file) =>
        Csv.Read(file).ToDictionary(r => r["version"], r => DateTimeOffset.Parse(r["released"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    /// <summary>Where the mark of a version ends, by the program's rule (null: x.y+1 is not released yet, so no end is fixed).</summary>
    public static DateTimeOffset? MarkEnds(IReadOnlyDictionary<string, DateTimeOffset> releases, string version)
    {
        var next = releases.Where(r => r.Value > releases[version]).OrderBy(r => r.Value).Select(r => (DateTimeOffset?)r.Value).FirstOrDefault();
        if (next is null) return null;
        var (a, b) = (releases[version].AddMonths(12), next.Value.AddMonths(9));
        return a > b ? a : b;
    }
}
