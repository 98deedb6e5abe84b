using Alliance.Hosting;

namespace Alliance.Compatibility.Products;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class ProductEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<ProductRegistered>("product_registered", e => e.RegisteredAt)
        .Add<ProductRenamed>("product_renamed", e => e.RenamedAt)
        .Add<ProductTransferred>("product_transferred", e => e.TransferredAt);
}

// The Product stream: identity never depends on the name; renames and transfers are events.

public sealed record ProductRegistered(Guid ProductId, Guid VendorId, string Name, string? NameZh, string Type, string? Website, DateTimeOffset RegisteredAt);

/// <summary>The former names stay searchable. Source: the secretariat's historical mode (RenamedAt is then its business time).</summary>
public sealed record ProductRenamed(Guid ProductId, string FormerName, string? FormerNameZh, string Name, string? NameZh, DateTimeOffset RenamedAt, string? Source = null);

/// <summary>Another member now owns the product; its certifications keep the vendor they were granted to.</summary>
public sealed record ProductTransferred(Guid ProductId, Guid FromVendorId, Guid ToVendorId, DateTimeOffset TransferredAt, string? Source = null);

public sealed record Product(Guid Id, Guid VendorId, string Name, string? NameZh, string Type)
{
    public static readonly string[] Types =
        ["chip", "accelerator", "server", "operating-system", "ai-framework", "cloud-service", "distribution", "installer", "hosted-platform", "other"];

    public static Product Create(ProductRegistered e) => new(e.ProductId, e.VendorId, e.Name, e.NameZh, e.Type);
    public Product Apply(ProductRenamed e) => this with { Name = e.Name, NameZh = e.NameZh };
    public Product Apply(ProductTransferred e) => this with { VendorId = e.ToVendorId };
}
