using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Alliance.Import;

/// <summary>
/// Imports the Certified Kubernetes data set through the public API in the secretariat's historical mode:
/// vendors are admitted and versions ratified no later than their first dated certification, and every
/// grant takes its row's date (rows without one take the import's time, flagged as assumed). Idempotent:
/// what exists is found and reused. A row that cannot be loaded is reported with its reason; none stops the run.
/// </summary>
public sealed class Importer(Api api, TextWriter output, TextWriter progress)
{
    public const string Code = "K8S";
    private const string Requirement = "CONFORMANCE";
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly ConcurrentBag<string> _failures = [];

    public sealed record Summary(int Rows, int VendorsCreated, int VendorsFound, int ProductsCreated, int ProductsFound,
        int CertificationsCreated, int CertificationsFound, int Failed, int DatesAssumed, int Flagged);

    private sealed record Row(int Line, string Version, string Vendor, string Name, string ProductVersion, string Type, string Website,
        string RepoPath, DateTimeOffset? Date, string Source, string Note)
    {
        public string Reference => $"{Source}#{RepoPath}";
    }

    public static string Normalize(string s) => string.Concat(s.ToLowerInvariant().Where(char.IsLetterOrDigit));

    public async Task<Summary> Run(string file)
    {
        var rows = Csv.Read(file).Select((r, i) => new Row(i + 2, r["k8s_version"], r["vendor"].Trim(), r["name"].Trim(), r["product_version"].Trim(),
            r["type_normalized"], r["website_url"].Trim(), r["repo_path"], ParseDate(r["date_added"]), r["source"], r["note"])).ToList();
        await api.SignIn();
        var committee = await Committee();
        await Standard(committee, rows);
        var (vendors, vendorsCreated) = await Vendors(rows);
        var unavailable = await WaitForVendors(vendors.Values);
        foreach (var row in rows.Where(r => unavailable.Contains(vendors[Normalize(r.Vendor)])))
            _failures.Add($"line {row.Line} ({row.RepoPath}): vendor '{row.Vendor}' is a member not in good standing (not in the vendor directory)");
        var usable = rows.Where(r => !unavailable.Contains(vendors[Normalize(r.Vendor)])).ToList();
        var (products, productsCreated) = await Products(usable, vendors);
        var (created, found) = await Certifications(usable, vendors, products);
        progress.WriteLine();
        var summary = new Summary(rows.Count, vendorsCreated, vendors.Count - vendorsCreated, productsCreated, products.Count - productsCreated,
            created, found, _failures.Count, rows.Count(r => r.Date is null), rows.Count(r => r.Note.Length > 0));
        output.WriteLine($"Rows {summary.Rows}: vendors {summary.VendorsCreated} created, {summary.VendorsFound} found; products {summary.ProductsCreated} created, " +
            $"{summary.ProductsFound} found; certifications {summary.CertificationsCreated} created, {summary.CertificationsFound} found, {summary.Failed} not loaded; " +
            $"{summary.DatesAssumed} rows without a date took the import time; {summary.Flagged} rows carry a note in the data.");
        foreach (var failure in _failures.OrderBy(f => f)) output.WriteLine($"  not loaded: {failure}");
        return summary;
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

    private async Task Standard(Guid committee, List<Row> rows)
    {
        if (!(await api.Get("api/standards")).AsArray().Any(s => (string)s!["code"]! == Code))
            await api.Post("api/standards", new
            {
                code = Code,
                title = "Certified Kubernetes",
                description = "Kubernetes conformance (CNCF); imported from cncf/k8s-conformance.",
                committeeId = committee,
                validity = new { kind = "none" },
                certifiableEarlierVersions = 20,
            });
        var known = (await api.Get($"api/standards/{Code}"))["versions"]!.AsArray().ToDictionary(v => (string)v!["version"]!, v => (string)v!["status"]!);
        foreach (var version in rows.Select(r => r.Version).Distinct().OrderBy(v => Version.Parse(v.TrimStart('v'))))
        {
            if (!known.ContainsKey(version))
                await api.Post($"api/standards/{Code}/versions", new
                {
                    version,
                    requirements = new[] { new { id = Requirement, level = "MUST", text = $"Passes the [Conformance] end-to-end tests of Kubernetes {version}." } },
                });
            if (known.GetValueOrDefault(version) is null or "draft")
            {
                // Ratified no later than the first dated certification of the version.
                var first = rows.Where(r => r.Version == version && r.Date is not null).Select(r => r.Date).Min() ?? _now;
                await api.Post($"api/standards/{Code}/versions/{version}/historical-ratification", new { effectiveAt = first, source = "cncf/k8s-conformance" });
            }
        }
    }

    private async Task<(Dictionary<string, Guid> Ids, int Created)> Vendors(List<Row> rows)
    {
        var ids = new Dictionary<string, Guid>();
        var created = 0;
        foreach (var group in rows.GroupBy(r => Normalize(r.Vendor)))
        {
            var first = group.OrderBy(r => r.Date ?? _now).First();
            var name = first.Vendor;
            var since = group.Select(r => r.Date).Min() ?? _now;
            var found = (await api.Get($"api/members?q={Uri.EscapeDataString(name)}&pageSize=200"))["items"]!.AsArray()
                .FirstOrDefault(m => string.Equals((string)m!["name"]!, name, StringComparison.OrdinalIgnoreCase));
            Guid id;
            if (found is null)
            {
                id = (Guid)(await api.Post("api/members/applications", new
                {
                    name,
                    kind = "company",
                    website = Website(first.Website),
                    effectiveAt = since,
                    source = "cncf/k8s-conformance",
                }))["memberId"]!;
                created++;
            }
            else id = (Guid)found["memberId"]!;
            if (found is null || (string)found["status"]! == "applied")
                await api.Post($"api/members/{id}/admission", new { tier = "general", effectiveAt = since, source = "cncf/k8s-conformance" });
            ids[group.Key] = id;
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

    private async Task<(Dictionary<(string, string), Guid> Ids, int Created)> Products(List<Row> rows, Dictionary<string, Guid> vendors)
    {
        var ids = new Dictionary<(string, string), Guid>();
        var created = 0;
        foreach (var group in rows.GroupBy(r => (Normalize(r.Vendor), Normalize(r.Name))))
        {
            var first = group.OrderBy(r => r.Date ?? _now).First();
            var vendor = vendors[group.Key.Item1];
            var found = (await api.Get($"api/products?vendor={vendor}&name={Uri.EscapeDataString(first.Name)}")).AsArray().FirstOrDefault();
            if (found is not null) { ids[group.Key] = (Guid)found["productId"]!; continue; }
            var type = group.Select(r => r.Type).FirstOrDefault(t => t.Length > 0) switch
            {
                "hosted" => "hosted-platform",
                "installer" => "installer",
                "distribution" or "platform" => "distribution",
                _ => "other",
            };
            ids[group.Key] = (Guid)(await api.Post("api/products", new { vendorId = vendor, name = first.Name, type, website = Website(first.Website) }))["productId"]!;
            created++;
        }
        return (ids, created);
    }

    private async Task<(int Created, int Found)> Certifications(List<Row> rows, Dictionary<string, Guid> vendors, Dictionary<(string, string), Guid> products)
    {
        int created = 0, found = 0, done = 0;
        using var gate = new SemaphoreSlim(6);
        await Task.WhenAll(rows.Select(async row =>
        {
            await gate.WaitAsync();
            try
            {
                var result = await Certify(row, products[(Normalize(row.Vendor), Normalize(row.Name))]);
                if (result) Interlocked.Increment(ref created); else Interlocked.Increment(ref found);
            }
            catch (ApiError e)
            {
                _failures.Add($"line {row.Line} ({row.RepoPath}): {e.Message}");
            }
            finally
            {
                gate.Release();
                var n = Interlocked.Increment(ref done);
                if (n % 25 == 0 || n == rows.Count) Bar(n, rows.Count);
            }
        }));
        return (created, found);
    }

    /// <summary>True when this run recorded the certification, false when it was there already.</summary>
    private async Task<bool> Certify(Row row, Guid product)
    {
        var effectiveAt = row.Date ?? _now;
        var existing = (await api.Get($"api/certifications?source={Uri.EscapeDataString(row.Reference)}")).AsArray().FirstOrDefault();
        Guid id;
        if (existing is null)
        {
            var productVersion = row.ProductVersion.Length == 0 ? "(not given)" : row.ProductVersion[..Math.Min(100, row.ProductVersion.Length)];
            var submitted = await api.Post("api/certifications", new
            {
                productId = product,
                productVersion,
                standard = Code,
                version = row.Version,
                effectiveAt,
                source = row.Reference,
                results = new[] { new { requirementId = Requirement, outcome = "pass", evidenceUrl = EvidenceUrl(row.RepoPath) } },
            });
            if ((string)submitted["status"]! != "submitted")
                throw new ApiError(System.Net.HttpStatusCode.Conflict, "checks failed: " + submitted["checksFailed"]!.ToJsonString());
            id = (Guid)submitted["certificationId"]!;
        }
        else if ((string)existing["status"]! == "submitted") id = (Guid)existing["certificationId"]!;
        else return false;
        await api.Post($"api/certifications/{id}/grant", new { effectiveAt, source = row.Reference, businessTimeAssumed = row.Date is null });
        return existing is null;
    }

    // Folder names hold spaces and brackets ("v1.29/taikun (TKS)"): each segment escaped, so the link is a valid URL.
    private static string EvidenceUrl(string repoPath) =>
        "https://github.com/cncf/k8s-conformance/tree/master/" + string.Join('/', repoPath.Split('/').Select(Uri.EscapeDataString));

    private static string? Website(string url)
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
