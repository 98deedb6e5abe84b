using Alliance.Hosting;

namespace Alliance.Compatibility.Products;

// The Product stream: identity never depends on the name; renames and transfers are events.

public sealed record ProductRegistered(Guid ProductId, Guid VendorId, string Name, string? NameZh, string Type, string? Website, DateTimeOffset RegisteredAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => RegisteredAt;
}

public sealed record Product(Guid Id, Guid VendorId, string Name, string? NameZh, string Type)
{
    public static readonly string[] Types =
        ["chip", "accelerator", "server", "operating-system", "ai-framework", "cloud-service", "distribution", "installer", "hosted-platform", "other"];

    public static Product Create(ProductRegistered e) => new(e.ProductId, e.VendorId, e.Name, e.NameZh, e.Type);
}
