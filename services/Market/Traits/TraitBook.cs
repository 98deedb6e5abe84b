using System.Collections.Concurrent;
using Alliance.Market.Matching;
using Alliance.Market.Sites;
using Dapper;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// The traits in force at one instant, per product, derived from Compatibility's messages: CERT:{standard}@{version}
/// while a certification of the product is granted, has begun and has not ended; EVAL:{benchmark}/{scenario} while a
/// result of the product for that benchmark and scenario is published and not withdrawn, with the best such score in the
/// metric's direction. A member never writes a trait: an offer of ACCELERATOR:{product} has the traits of that product
/// and of the site's system products.
/// </summary>
public sealed class TraitBook(IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, Guid>> byProduct, IReadOnlyDictionary<Guid, string> names,
    IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, EvaluationScore>>? evaluations = null)
{
    public static readonly TraitBook Empty = new(new Dictionary<Guid, IReadOnlyDictionary<string, Guid>>(), new Dictionary<Guid, string>());

    private readonly IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, EvaluationScore>> _evaluations =
        evaluations ?? new Dictionary<Guid, IReadOnlyDictionary<string, EvaluationScore>>();

    public static string CertTrait(string standard, string version) => $"CERT:{standard}@{version}";

    public static string EvalTrait(string benchmark, string scenario) => $"EVAL:{benchmark}/{scenario}";

    private sealed class ResultRow
    {
        public Guid ProductId { get; set; }
        public string ResultId { get; set; } = "";
        public string Benchmark { get; set; } = "";
        public string Scenario { get; set; } = "";
        public double Score { get; set; }
        public string Unit { get; set; } = "";
        public bool HigherIsBetter { get; set; }
    }

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
        // The results public at the instant: published by then and not withdrawn by then.
        var results = await db.QueryAsync<ResultRow>(new CommandDefinition("""
            select product_id as ProductId, result_id as ResultId, benchmark as Benchmark, scenario as Scenario, score as Score, unit as Unit,
                   higher_is_better as HigherIsBetter
              from evaluation_results
             where score is not null and published_at <= @at and (withdrawn_at is null or withdrawn_at > @at)
            """, new { at }, tx, cancellationToken: ct));
        var evaluations = results.GroupBy(r => r.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, EvaluationScore>)g
            .Select(r => new EvaluationScore(EvalTrait(r.Benchmark, r.Scenario), r.Score, r.Unit, r.HigherIsBetter, r.ResultId))
            .GroupBy(e => e.Trait).ToDictionary(t => t.Key, t => EvaluationScore.Best(t)!));
        return new TraitBook(byProduct, names, evaluations);
    }

    // Which products have each trait: the database's pre-filter asks it per request (CandidateQuery), so it is built once per book.
    private Dictionary<string, Guid[]>? _products;

    private Dictionary<string, Guid[]> ProductIndex() => _products ??= byProduct.SelectMany(p => p.Value.Keys.Select(t => (Trait: t, Product: p.Key)))
        .Concat(_evaluations.SelectMany(p => p.Value.Keys.Select(t => (Trait: t, Product: p.Key))))
        .GroupBy(x => x.Trait).ToDictionary(g => g.Key, g => g.Select(x => x.Product).Distinct().ToArray());

    /// <summary>The products that have a trait (CERT or EVAL) now: capacity has it when its accelerator product or a system of its site is one.</summary>
    public IReadOnlyCollection<Guid> ProductsWith(string trait) => ProductIndex().GetValueOrDefault(trait) ?? [];

    /// <summary>The products whose best score of the minimum's trait meets it: an offer's best score meets it only if one of its products' does.</summary>
    public IReadOnlyCollection<Guid> ProductsMeeting(MinimumScore minimum) =>
        [.. _evaluations.Where(p => p.Value.TryGetValue(minimum.Trait, out var s) && s.Meets(minimum.Score)).Select(p => p.Key)];

    /// <summary>The CERT traits of a product now.</summary>
    public IEnumerable<string> OfProduct(Guid product) => byProduct.TryGetValue(product, out var traits) ? traits.Keys : [];

    /// <summary>The EVAL traits of a product now, each with the product's best published score.</summary>
    public IEnumerable<EvaluationScore> EvaluationsOf(Guid product) => _evaluations.TryGetValue(product, out var scores) ? scores.Values : [];

    /// <summary>The certification that gives a product a trait now, if any.</summary>
    public Guid? Source(Guid product, string trait) => byProduct.TryGetValue(product, out var traits) && traits.TryGetValue(trait, out var c) ? c : null;

    public string? NameOf(Guid product) => names.GetValueOrDefault(product);

    private static IEnumerable<Guid> Products(string resourceClass, IEnumerable<Guid> systemProducts) =>
        (ResourceClasses.ProductOf(resourceClass) is { } product ? [product] : Array.Empty<Guid>()).Concat(systemProducts);

    /// <summary>The traits of capacity of one class at a site (CERT and EVAL): its accelerator product's, and the site's systems'.</summary>
    public string[] Of(string resourceClass, IEnumerable<Guid> systemProducts)
    {
        var products = Products(resourceClass, systemProducts).ToList();
        return products.SelectMany(OfProduct).Concat(products.SelectMany(EvaluationsOf).Select(e => e.Trait))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The best score of each EVAL trait of capacity of one class at a site, over its accelerator product and the site's systems.</summary>
    public IReadOnlyDictionary<string, EvaluationScore> ScoresOf(string resourceClass, IEnumerable<Guid> systemProducts) =>
        Products(resourceClass, systemProducts).SelectMany(EvaluationsOf).GroupBy(e => e.Trait).ToDictionary(g => g.Key, g => EvaluationScore.Best(g)!);

    // What Capacity derived, per class and systems: a candidate list asks it of each of thousands of offers and groups,
    // which share far fewer classes and systems, and the book does not change once loaded (TraitBookCache replaces it).
    private readonly ConcurrentDictionary<(string ResourceClass, string Systems), (string[] Traits, IReadOnlyDictionary<string, EvaluationScore> Scores)> _capacity = new();

    /// <summary>
    /// <see cref="Of"/> and <see cref="ScoresOf"/> of capacity of one class at a site, derived once per book and shared:
    /// callers read them, never change them.
    /// </summary>
    public (string[] Traits, IReadOnlyDictionary<string, EvaluationScore> Scores) Capacity(string resourceClass, IReadOnlyCollection<Guid> systemProducts) =>
        _capacity.GetOrAdd((resourceClass, string.Join(",", systemProducts)), _ => (Of(resourceClass, systemProducts), ScoresOf(resourceClass, systemProducts)));

    /// <summary>The best score of each EVAL trait anywhere on a site.</summary>
    public IReadOnlyDictionary<string, EvaluationScore> ScoresOfSite(Site site) =>
        site.Inventories.SelectMany(i => ScoresOf(i.ResourceClass, site.SystemProductIds).Values).Concat(site.SystemProductIds.SelectMany(EvaluationsOf))
            .GroupBy(e => e.Trait).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => EvaluationScore.Best(g)!);

    public string[] OfSite(Site site) =>
        site.Inventories.SelectMany(i => Of(i.ResourceClass, site.SystemProductIds)).Concat(site.SystemProductIds.SelectMany(OfProduct))
            .Concat(site.SystemProductIds.SelectMany(EvaluationsOf).Select(e => e.Trait))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
}
