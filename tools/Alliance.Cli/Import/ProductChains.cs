namespace Alliance.Import;

/// <summary>
/// Which rows are one product. A product is (vendor, name) after clean-up, and two of them are the same product when
/// a submission folder carries one in a version and the other in the next, with only the name (a rename) or only the
/// vendor (a transfer) changed, and the two never appear side by side in one version (then they were two products).
/// A folder whose vendor and name both change (nks: NetApp's, then NHN's) holds two products.
/// </summary>
public static class ProductChains
{
    public sealed record Member(int Line, string Version, string VendorKey, string NameKey, string Folder)
    {
        public string Key => VendorKey + "\u001f" + NameKey;
    }

    public static int Minor(string version) => int.TryParse(version.TrimStart('v').Split('.').ElementAtOrDefault(1), out var m) ? m : 0;

    /// <summary>Groups of keys that are one product.</summary>
    public static List<HashSet<string>> Group(IReadOnlyList<Member> rows)
    {
        var parent = rows.Select(r => r.Key).Distinct().ToDictionary(k => k, k => k);
        var versions = rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Select(r => r.Version).ToHashSet());
        string Find(string k) => parent[k] == k ? k : parent[k] = Find(parent[k]);
        foreach (var folder in rows.GroupBy(r => r.Folder))
        {
            var ordered = folder.OrderBy(r => Minor(r.Version)).ThenBy(r => r.Line).ToList();
            foreach (var (a, b) in ordered.Zip(ordered.Skip(1)))
            {
                var sameVendor = a.VendorKey == b.VendorKey;
                var sameName = a.NameKey == b.NameKey;
                if (sameVendor == sameName) continue; // the same key, or both changed: nothing to join
                var (ra, rb) = (Find(a.Key), Find(b.Key));
                if (ra == rb || versions[ra].Overlaps(versions[rb])) continue;
                parent[rb] = ra;
                versions[ra].UnionWith(versions[rb]);
            }
        }
        return parent.Keys.GroupBy(Find).Select(g => g.ToHashSet()).ToList();
    }
}
