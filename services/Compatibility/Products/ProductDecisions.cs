using Alliance.Hosting;


namespace Alliance.Compatibility.Products;

public sealed record RegisterProduct(Guid? VendorId, string? Name, string? NameZh, string? Type, string? Website);

/// <summary>EffectiveAt and Source: the secretariat's historical mode, as for submissions and grants.</summary>
public sealed record RenameProduct(string? Name, string? NameZh, DateTimeOffset? EffectiveAt = null, string? Source = null);

public sealed record TransferProduct(Guid? ToVendorId, DateTimeOffset? EffectiveAt = null, string? Source = null);

/// <summary>The pure decisions of the Product stream: register, rename, transfer (no I/O: the endpoints read what they need).</summary>
public static class ProductDecisions
{
    public static ProductRegistered Decide(Guid id, RegisterProduct r, Actor actor, string? vendorStatus, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.VendorId is null) v.Add("vendorId", "'vendorId' is required.");
        if (string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.NameZh)) v.Add("name", "Give a 'name', a 'nameZh' or both.");
        if (r.Name is { Length: > 200 } || r.NameZh is { Length: > 200 }) v.Add("name", "Names have at most 200 characters.");
        v.OneOf("type", r.Type, Product.Types);
        v.HttpUrl("website", r.Website);
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat) actor.MustActFor(r.VendorId!.Value);
        if (vendorStatus != "admitted") throw new DomainRuleViolated("vendor-not-in-good-standing", "Only admitted members in good standing register products.");
        return new ProductRegistered(id, r.VendorId!.Value, (r.Name ?? r.NameZh)!.Trim(), r.NameZh?.Trim(), r.Type!, r.Website, now);
    }

    public static ProductRenamed Rename(Product p, Actor actor, RenameProduct r, DateTimeOffset now)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.NameZh)) v.Add("name", "Give a 'name', a 'nameZh' or both.");
        if (r.Name is { Length: > 200 } || r.NameZh is { Length: > 200 }) v.Add("name", "Names have at most 200 characters.");
        Historical(v, r.EffectiveAt, r.Source, now);
        v.ThrowIfInvalid();
        if ((r.EffectiveAt is not null || r.Source is not null) && !actor.IsSecretariat) throw new Forbidden("Only the secretariat records historical renames.");
        if (!actor.IsSecretariat) actor.MustActFor(p.VendorId);
        var (name, nameZh) = ((r.Name ?? r.NameZh)!.Trim(), r.NameZh?.Trim() ?? p.NameZh);
        if (name == p.Name && nameZh == p.NameZh) throw new DomainRuleViolated("name-unchanged", "The product already has this name.");
        return new ProductRenamed(p.Id, p.Name, p.NameZh, name, nameZh, r.EffectiveAt ?? now, r.Source?.Trim());
    }

    public static ProductTransferred Transfer(Product p, TransferProduct r, string? toVendorStatus, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.ToVendorId is null) v.Add("toVendorId", "'toVendorId' is required.");
        Historical(v, r.EffectiveAt, r.Source, now);
        v.ThrowIfInvalid();
        if (r.ToVendorId == p.VendorId) throw new DomainRuleViolated("same-vendor", "The product already belongs to this vendor.");
        if (toVendorStatus != "admitted")
            throw new DomainRuleViolated("vendor-not-in-good-standing", $"Products move only to admitted members in good standing; the vendor is {toVendorStatus ?? "unknown"} as of {r.EffectiveAt ?? now:yyyy-MM-dd}.");
        return new ProductTransferred(p.Id, p.VendorId, r.ToVendorId!.Value, r.EffectiveAt ?? now, r.Source?.Trim());
    }

    private static void Historical(Validation v, DateTimeOffset? effectiveAt, string? source, DateTimeOffset now)
    {
        if (effectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        if (source is { Length: > 500 }) v.Add("source", "'source' has at most 500 characters.");
    }
}
