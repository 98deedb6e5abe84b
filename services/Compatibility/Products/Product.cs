using Alliance.Hosting;

namespace Alliance.Compatibility.Products;

// The Product stream: identity never depends on the name; renames and transfers are events.

public sealed record ProductRegistered(Guid ProductId, Guid VendorId, string Name, string? NameZh, string Type, string? Website, DateTimeOffset RegisteredAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => RegisteredAt;
}

/// <summary>The former names stay searchable. Source: the secretariat's historical mode (RenamedAt is then its business time).</summary>
public sealed record ProductRenamed(Guid ProductId, string FormerName, string? FormerNameZh, string Name, string? NameZh, DateTimeOffset RenamedAt, string? Source = null) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => RenamedAt;
}

/// <summary>Another member now owns the product; its certifications keep the vendor they were granted to.</summary>
public sealed record ProductTransferred(Guid ProductId, Guid FromVendorId, Guid ToVendorId, DateTimeOffset TransferredAt, string? Source = null) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => TransferredAt;
}

public sealed record Product(Guid Id, Guid VendorId, string Name, string? NameZh, string Type)
{
    public static readonly string[] Types =
        ["chip", "accelerator", "server", "operating-system", "ai-framework", "cloud-service", "distribution", "installer", "hosted-platform", "other"];

    public static Product Create(ProductRegistered e) => new(e.ProductId, e.VendorId, e.Name, e.NameZh, e.Type);
    public Product Apply(ProductRenamed e) => this with { Name = e.Name, NameZh = e.NameZh };
    public Product Apply(ProductTransferred e) => this with { VendorId = e.ToVendorId };
}
