namespace Alliance.Bench;

/// <summary>
/// The part of docs/benchmarks.md that make bench owns: between &lt;!-- results --&gt; and &lt;!-- /results --&gt;, the
/// last full run, the one before it, and the last partial run (BENCH_ONLY). Everything outside the markers (how each
/// measure works, the analysis, the history of fixes) is written by people and never touched.
/// </summary>
public static class BenchResults
{
    private const string Start = "<!-- results -->", End = "<!-- /results -->";
    private const string Last = "### The last full run", Previous = "### The full run before it", Partial = "### The last partial run (BENCH_ONLY)";

    public static string Write(string doc, string table, bool full)
    {
        var (start, end) = (doc.IndexOf(Start, StringComparison.Ordinal), doc.IndexOf(End, StringComparison.Ordinal));
        if (start < 0 || end < start) { doc = doc.TrimEnd() + $"\n\n## Results\n\n{Start}\n{End}\n"; (start, end) = (doc.IndexOf(Start, StringComparison.Ordinal), doc.IndexOf(End, StringComparison.Ordinal)); }
        var owned = doc[(start + Start.Length)..end];
        var (last, previous, partial) = (Section(owned, Last), Section(owned, Previous), Section(owned, Partial));
        if (full) (last, previous) = (table, last ?? previous);
        else partial = table;
        var body = new System.Text.StringBuilder("\n");
        foreach (var (heading, content) in new[] { (Last, last), (Previous, previous), (Partial, partial) })
            if (content is not null) body.Append($"{heading}\n\n{content.Trim()}\n\n");
        return doc[..(start + Start.Length)] + body + doc[end..];
    }

    /// <summary>A section's text between its heading and the next of the three headings (or the end).</summary>
    private static string? Section(string owned, string heading)
    {
        var at = owned.IndexOf(heading + "\n", StringComparison.Ordinal);
        if (at < 0) return null;
        var from = at + heading.Length;
        var next = new[] { Last, Previous, Partial }.Select(h => owned.IndexOf("\n" + h + "\n", from, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(owned.Length).Min();
        return owned[from..next];
    }
}
