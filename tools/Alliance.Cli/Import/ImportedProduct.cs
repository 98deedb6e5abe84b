using Alliance.Cli;
namespace Alliance.Import;

/// <summary>A product and its rows: renamed and transferred before the row that shows the change, then certified.</summary>
internal sealed class ImportedProduct(PlatformApi api, List<Importer.Row> chain, Dictionary<string, Guid> vendors, DateTimeOffset now, string standard)
{
    private int _renamed, _transferred;
    private Guid _id;
    private Guid _vendor;
    private string _name = "";

    public int TakeRenamed() => Interlocked.Exchange(ref _renamed, 0);
    public int TakeTransferred() => Interlocked.Exchange(ref _transferred, 0);

    /// <summary>True when it existed (found by a certification of one of its rows, or by its first vendor and name).</summary>
    public async Task<bool> Find()
    {
        var first = chain[0];
        Guid? existing = null;
        // A later run finds the product by the certification of its first or last row (the last, when the first failed before).
        foreach (var row in new[] { chain[0], chain[^1] }.Distinct())
            if ((await api.Get($"api/certifications?source={Uri.EscapeDataString(row.Reference)}")).AsArray().FirstOrDefault() is { } c) { existing = (Guid)c["productId"]!; break; }
        existing ??= (Guid?)(await api.Get($"api/products?vendor={vendors[first.VendorKey]}&name={Uri.EscapeDataString(first.Name)}")).AsArray().FirstOrDefault()?["productId"];
        if (existing is { } id)
        {
            var product = (await api.Get($"api/products/{id}"))["product"]!;
            (_id, _vendor, _name) = (id, (Guid)product["vendorId"]!, (string)product["name"]!);
            return true;
        }
        var type = chain.Select(r => r.Type).FirstOrDefault(t => t.Length > 0) switch
        {
            "hosted" => "hosted-platform",
            "installer" => "installer",
            "distribution" or "platform" => "distribution",
            _ => "other",
        };
        _id = (Guid)(await api.Post("api/products", new { vendorId = vendors[first.VendorKey], name = first.Name, type, website = Importer.Website(first.Website) }))["productId"]!;
        (_vendor, _name) = (vendors[first.VendorKey], first.Name);
        return false;
    }

    /// <summary>True when this run recorded the certification, false when it was there already.</summary>
    public async Task<bool> Certify(Importer.Row row)
    {
        var at = row.When(now);
        var existing = (await api.Get($"api/certifications?source={Uri.EscapeDataString(row.Reference)}")).AsArray().FirstOrDefault();
        Guid id;
        if (existing is null)
        {
            // The data shows the same product under another vendor or name from this row on.
            if (vendors[row.VendorKey] != _vendor)
            {
                await api.Post($"api/products/{_id}/transfer", new { toVendorId = vendors[row.VendorKey], effectiveAt = at, source = row.Reference });
                _vendor = vendors[row.VendorKey];
                _transferred++;
            }
            if (Importer.Normalize(row.Name) != Importer.Normalize(_name))
            {
                await api.Post($"api/products/{_id}/name", new { name = row.Name, effectiveAt = at, source = row.Reference });
                _name = row.Name;
                _renamed++;
            }
            var productVersion = row.ProductVersion.Length == 0 ? "(not given)" : row.ProductVersion[..Math.Min(100, row.ProductVersion.Length)];
            var submitted = await api.Post("api/certifications", new
            {
                productId = _id,
                productVersion,
                standard,
                version = row.Version,
                effectiveAt = at,
                source = row.Reference,
                results = new[]
                {
                    new
                    {
                        requirementId = Importer.Requirement,
                        outcome = "pass",
                        evidenceUrl = Importer.EvidenceUrl(row.RepoPath),
                        // A row the data set flags keeps its note with the certification.
                        notes = row.Note.Length == 0 ? null : $"data set note: {row.Note}",
                    },
                },
            });
            if ((string)submitted["status"]! != "submitted")
                throw new PlatformError(System.Net.HttpStatusCode.Conflict, "checks failed: " + submitted["checksFailed"]!.ToJsonString());
            id = (Guid)submitted["certificationId"]!;
        }
        else if ((string)existing["status"]! == "submitted") id = (Guid)existing["certificationId"]!;
        else return false;
        await api.Post($"api/certifications/{id}/grant", new { effectiveAt = at, source = row.Reference, businessTimeAssumed = row.Date is null });
        return existing is null;
    }
}
