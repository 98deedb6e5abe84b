using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Alliance.Cli;

namespace Alliance.Import;

/// <summary>
/// Imports the Certified Kubernetes data set through the public API in the secretariat's historical mode: each
/// version ratified at its Kubernetes release (kubernetes-releases.csv) under the program's rule, vendors admitted
/// no later than their first dated certification, products renamed and transferred where the data shows the same
/// product changing, and every grant at its row's date (rows without one take the import's time, flagged as
/// assumed). Idempotent: what exists is found and reused. In no phase does a bad row stop the run: each is reported
/// with its reason and the rest carry on.
/// </summary>
/// <remarks>Standard: the code of the standard to load into (K8S; a test loads its bad rows into another).</remarks>
public sealed class Importer(PlatformApi api, TextWriter output, TextWriter progress, string? releasesFile = null, string standard = Importer.Code)
{
    public const string Code = "K8S";
    internal const string Requirement = "CONFORMANCE";
    private const string Source = "cncf/k8s-conformance";
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly ConcurrentBag<string> _failures = [];
    private int _renamed, _transferred;

    public sealed record Summary(int Rows, int VendorsCreated, int VendorsFound, int ProductsCreated, int ProductsFound,
        int CertificationsCreated, int CertificationsFound, int Failed, int DatesAssumed, int Flagged, int Renamed = 0, int Transferred = 0);

    internal sealed record Row(int Line, string Version, string Vendor, string Name, string ProductVersion, string Type, string Website,
        string RepoPath, DateTimeOffset? Date, string Source, string Note)
    {
        public string Reference => $"{Source}#{RepoPath}";
        public string VendorKey => Normalize(Vendor);
        public string Key => VendorKey + "\u001f" + Normalize(Name);
        public DateTimeOffset When(DateTimeOffset now) => Date ?? now;
    }

    public static string Normalize(string s) => string.Concat(s.ToLowerInvariant().Where(char.IsLetterOrDigit));

    public async Task<Summary> Run(string file)
    {
        var all = Csv.Read(file).Select((r, i) => new Row(i + 2, r["k8s_version"], r["vendor"].Trim(), r["name"].Trim(), r["product_version"].Trim(),
            r["type_normalized"], r["website_url"].Trim(), r["repo_path"], ParseDate(r["date_added"]), r["source"], r["note"])).ToList();
        var rows = all;
        await api.SignIn();
        var committee = await Committee();
        var unready = await Standard(committee, rows, Releases.Read(releasesFile ?? Releases.DefaultFile));
        rows = rows.Where(r => !unready.Contains(r.Version)).ToList();
        var (vendors, vendorsCreated) = await Vendors(rows);
        foreach (var missing in await WaitForVendors(vendors.Values.Distinct()))
            foreach (var key in vendors.Where(v => v.Value == missing).Select(v => v.Key).ToList())
            {
                vendors.Remove(key);
                Fail(rows.Where(r => r.VendorKey == key), "its vendor is a member not in good standing (not in the vendor directory)");
            }
        var usable = rows.Where(r => vendors.ContainsKey(r.VendorKey)).ToList();
        var (created, found, productsCreated, productsFound) = await Products(usable, vendors);
        progress.WriteLine();
        var summary = new Summary(all.Count, vendorsCreated, vendors.Count - vendorsCreated, productsCreated, productsFound,
            created, found, _failures.Count, all.Count(r => r.Date is null), all.Count(r => r.Note.Length > 0), _renamed, _transferred);
        output.WriteLine($"Rows {summary.Rows}: vendors {summary.VendorsCreated} created, {summary.VendorsFound} found; products {summary.ProductsCreated} created, " +
            $"{summary.ProductsFound} found, {summary.Renamed} renamed, {summary.Transferred} transferred; certifications {summary.CertificationsCreated} created, " +
            $"{summary.CertificationsFound} found, {summary.Failed} not loaded; {summary.DatesAssumed} rows without a date took the import time; " +
            $"{summary.Flagged} rows carry a note in the data (kept in the certification's result notes).");
        foreach (var failure in _failures.OrderBy(f => f, StringComparer.Ordinal)) output.WriteLine($"  not loaded: {failure}");
        return summary;
    }

    private void Fail(IEnumerable<Row> rows, string reason)
    {
        foreach (var row in rows) _failures.Add($"line {row.Line} ({row.RepoPath}): {reason}");
    }

    private static DateTimeOffset? ParseDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.ToUniversalTime() : null;

    private async Task<Guid> Committee()
    {
        const string name = "Certified Kubernetes conformance";
        var existing = (await api.Get("api/committees?purpose=standards&pageSize=200"))["items"]!.AsArray().FirstOrDefault(c => (string)c!["name"]! == name);
        if (existing is not null) return (Guid)existing["committeeId"]!;
        return (Guid)(await api.Post("api/committees", new { name, purpose = "standards", defaultProfile = "two-thirds-of-cast" }))["committeeId"]!;
    }

    /// <summary>The standard under the program's rule, each version ratified at its release; the versions that could not be (their rows are reported).</summary>
    private async Task<HashSet<string>> Standard(Guid committee, List<Row> rows, Dictionary<string, DateTimeOffset> releases)
    {
        var unready = new HashSet<string>();
        if (!(await api.Get("api/standards")).AsArray().Any(s => (string)s!["code"]! == standard))
            await api.Post("api/standards", new
            {
                code = standard,
                title = "Certified Kubernetes",
                description = "Kubernetes conformance (CNCF); imported from cncf/k8s-conformance. The mark for x.y lasts until the later of 12 months after the release of x.y and 9 months after the release of x.y+1.",
                committeeId = committee,
                validity = new { kind = "later-of", months = 12, monthsAfterNext = 9, from = "ratification" },
                certifiableEarlierVersions = 20,
            });
        var known = (await api.Get($"api/standards/{standard}"))["versions"]!.AsArray().ToDictionary(v => (string)v!["version"]!, v => (string)v!["status"]!);
        foreach (var version in rows.Select(r => r.Version).Distinct().OrderBy(ProductChains.Minor))
        {
            try
            {
                if (!known.ContainsKey(version))
                    await api.Post($"api/standards/{standard}/versions", new
                    {
                        version,
                        requirements = new[] { new { id = Requirement, level = "MUST", text = $"Passes the [Conformance] end-to-end tests of Kubernetes {version}." } },
                    });
                if (known.GetValueOrDefault(version) is not (null or "draft")) continue;
                if (!releases.TryGetValue(version, out var released))
                {
                    Fail(rows.Where(r => r.Version == version), $"no release date for {version} in kubernetes-releases.csv, so the version is not ratified");
                    unready.Add(version);
                    continue;
                }
                await api.Post($"api/standards/{standard}/versions/{version}/historical-ratification", new { effectiveAt = released, source = "Kubernetes release (kubernetes-releases.csv)" });
            }
            catch (PlatformError e)
            {
                Fail(rows.Where(r => r.Version == version), $"version {version} could not be set up: {e.Message}");
                unready.Add(version);
            }
        }
        return unready;
    }

    private async Task<(Dictionary<string, Guid> Ids, int Created)> Vendors(List<Row> rows)
    {
        var ids = new Dictionary<string, Guid>();
        var created = 0;
        foreach (var group in rows.GroupBy(r => r.VendorKey))
        {
            var first = group.OrderBy(r => r.When(_now)).First();
            var since = group.Select(r => r.Date).Min() ?? _now;
            try
            {
                var found = (await api.Get($"api/members?q={Uri.EscapeDataString(first.Vendor)}&pageSize=200"))["items"]!.AsArray()
                    .FirstOrDefault(m => string.Equals((string)m!["name"]!, first.Vendor, StringComparison.OrdinalIgnoreCase));
                var id = found is not null ? (Guid)found["memberId"]!
                    : (Guid)(await api.Post("api/members/applications", new { name = first.Vendor, kind = "company", website = Website(first.Website), effectiveAt = since, source = Source }))["memberId"]!;
                if (found is null) created++;
                if (found is null || (string)found["status"]! == "applied")
                    await api.Post($"api/members/{id}/admission", new { tier = "general", effectiveAt = since, source = Source });
                ids[group.Key] = id;
            }
            catch (PlatformError e)
            {
                Fail(group, $"vendor '{first.Vendor}' could not be admitted: {e.Message}");
            }
        }
        return (ids, created);
    }

    /// <summary>
    /// Compatibility learns of members from Registry's messages: products wait until it knows every vendor.
    /// A vendor it never lists (a member found suspended or gone) is left out, and its rows are reported.
    /// </summary>
    private async Task<HashSet<Guid>> WaitForVendors(IEnumerable<Guid> wanted)
    {
        var missing = wanted.ToHashSet();
        for (var attempt = 0; attempt < 120 && missing.Count > 0; attempt++)
        {
            for (var page = 1; ; page++)
            {
                var items = (await api.Get($"api/vendors?pageSize=200&page={page}"))["items"]!.AsArray();
                foreach (var v in items) missing.Remove((Guid)v!["memberId"]!);
                if (items.Count < 200) break;
            }
            if (missing.Count > 0) await Task.Delay(500);
        }
        return missing;
    }

    /// <summary>One product at a time per group of rows, in the order of the versions, several products at once.</summary>
    private async Task<(int Created, int Found, int ProductsCreated, int ProductsFound)> Products(List<Row> rows, Dictionary<string, Guid> vendors)
    {
        var groups = ProductChains.Group(rows.Select(r => new ProductChains.Member(r.Line, r.Version, r.VendorKey, Normalize(r.Name), r.RepoPath[(r.RepoPath.IndexOf('/') + 1)..])).ToList());
        int created = 0, found = 0, productsCreated = 0, productsFound = 0, done = 0;
        using var gate = new SemaphoreSlim(6);
        await Task.WhenAll(groups.Select(async keys =>
        {
            var chain = rows.Where(r => keys.Contains(r.Key)).OrderBy(r => ProductChains.Minor(r.Version)).ThenBy(r => r.When(_now)).ThenBy(r => r.Line).ToList();
            await gate.WaitAsync();
            try
            {
                var product = new ImportedProduct(api, chain, vendors, _now, standard);
                try
                {
                    if (await product.Find()) Interlocked.Increment(ref productsFound); else Interlocked.Increment(ref productsCreated);
                }
                catch (PlatformError e)
                {
                    Fail(chain, $"product '{chain[0].Name}' could not be registered: {e.Message}");
                    return;
                }
                foreach (var row in chain)
                {
                    try
                    {
                        if (await product.Certify(row)) Interlocked.Increment(ref created); else Interlocked.Increment(ref found);
                        Interlocked.Add(ref _renamed, product.TakeRenamed());
                        Interlocked.Add(ref _transferred, product.TakeTransferred());
                    }
                    catch (PlatformError e)
                    {
                        Fail([row], e.Message);
                    }
                    finally
                    {
                        var n = Interlocked.Increment(ref done);
                        if (n % 25 == 0 || n == rows.Count) Bar(n, rows.Count);
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return (created, found, productsCreated, productsFound);
    }

    // Folder names hold spaces and brackets ("v1.29/taikun (TKS)"): each segment escaped, so the link is a valid URL.
    internal static string EvidenceUrl(string repoPath) =>
        "https://github.com/cncf/k8s-conformance/tree/master/" + string.Join('/', repoPath.Split('/').Select(Uri.EscapeDataString));

    internal static string? Website(string url)
    {
        var candidate = url.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? url : $"https://{url}";
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Host.Contains('.') && candidate.Length <= 500 ? candidate : null;
    }

    private void Bar(int done, int total)
    {
        var width = 40;
        var filled = done * width / Math.Max(1, total);
        progress.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} certifications");
    }
}
