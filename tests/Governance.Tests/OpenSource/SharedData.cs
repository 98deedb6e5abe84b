namespace Alliance.Governance.Tests.OpenSource;

/// <summary>Reads the team's data sets in ../shared/data beside the clone (simple CSV: no quoted commas in the columns used).</summary>
public static class SharedData
{
    public static List<Dictionary<string, string>> Rows(string file)
    {
        var path = Locate(file);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            // The name column may contain commas; the id is first and the flags are last.
            return header.Select((h, i) => (h, v: i == 0 ? cells[0] : cells[^(header.Length - i)])).ToDictionary(x => x.h, x => x.v);
        }).ToList();
    }

    private static string Locate(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{file} was not found in a shared/data folder beside the clone (../shared/data).");
    }
}
