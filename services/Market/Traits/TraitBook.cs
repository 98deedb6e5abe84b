using Alliance.Market.Sites;
using Dapper;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// The traits in force at one instant, per product, derived from Compatibility's certifications: CERT:{standard}@{version}
/// while a certification of the product is granted, has begun and has not ended. A member never writes a trait: an
/// offer of ACCELERATOR:{product} has the traits of that product and of the site's system products.
/// </summary>
public sealed class TraitBook(IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, Guid>> byProduct, IReadOnlyDictionary<Guid, string> names)
{
    public static readonly TraitBook Empty = new(new Dictionary<Guid, IReadOnlyDictionary<string, Guid>>(), new Dictionary<Guid, string>());

    public static string CertTrait(string standard, string version) => $"CERT:{standard}@{version}";

    /// <summary>The latest change of each certification recorded by <paramref name="at"/>, and whether it was in force then.</summary>
    public static async Task<TraitBook> Load(NpgsqlConnection db, DateTimeOffset at, CancellationToken ct, NpgsqlTransaction? tx = null)
    {
        var rows = await db.QueryAsync<(Guid CertificationId, Guid ProductId, string StandardCode, string StandardVersion)>(new CommandDefinition("""
            select certification_id, product_id, standard_code, standard_version from (
                select distinct on (certification_id) certification_id, product_id, standard_code, standard_version, status, valid_from, valid_until
                  from certification_changes where changed_at <= @at order by certification_id, version desc) latest
             where status = 'certified' and (valid_from is null or valid_from <= @at) and (valid_until is null or valid_until > @at)
            """, new { at }, tx, cancellationToken: ct));
        var byProduct = rows.GroupBy(r => r.ProductId).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, Guid>)g.GroupBy(r => CertTrait(r.StandardCode, r.StandardVersion)).ToDictionary(t => t.Key, t => t.First().CertificationId));
        var names = (await db.QueryAsync<(Guid, string)>(new CommandDefinition("select product_id, name from products", transaction: tx, cancellationToken: ct)))
            .ToDictionary(r => r.Item1, r => r.Item2);
        return new TraitBook(byProduct, names);
    }

    public IEnumerable<string> OfProduct(Guid product) => byProduct.TryGetValue(product, out var traits) ? traits.Keys : [];

    /// <summary>The certification that gives a product a trait now, if any.</summary>
    public Guid? Source(Guid product, string trait) => byProduct.TryGetValue(product, out var traits) && traits.TryGetValue(trait, out var c) ? c : null;

    public string? NameOf(Guid product) => names.GetValueOrDefault(product);

    /// <summary>The traits of capacity of one class at a site: its accelerator product's, and the site's systems'.</summary>
    public string[] Of(string resourceClass, IEnumerable<Guid> systemProducts) =>
        (ResourceClasses.ProductOf(resourceClass) is { } product ? OfProduct(product) : [])
            .Concat(systemProducts.SelectMany(OfProduct)).Distinct().Order(StringComparer.Ordinal).ToArray();

    public string[] OfSite(Site site) =>
        site.Inventories.SelectMany(i => Of(i.ResourceClass, site.SystemProductIds)).Concat(site.SystemProductIds.SelectMany(OfProduct))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
}
