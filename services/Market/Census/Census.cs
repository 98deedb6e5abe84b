using System.Globalization;
using Alliance.Market.Sites;
using Alliance.Market.Traits;
using Dapper;
using Npgsql;

namespace Alliance.Market.Census;

/// <summary>
/// One line of the census. Standard null: all the capacity of the class in the region; a standard ("ACI@1.0"): the part of
/// it on accelerator products certified for that standard version at the instant. Utilisation = leased / total.
/// </summary>
public sealed record CensusRow(string Region, string ResourceClass, string? ProductName, string? Standard, int Sites, long Total, long Reserved, long Leased,
    decimal Utilisation);

/// <summary>GET /compute/census as JSON: the instant it describes and its lines.</summary>
public sealed record CensusAnswer(DateTimeOffset AsOf, IReadOnlyList<CensusRow> Rows);

/// <summary>The public census as of any instant: inventories and leases are kept with their intervals, certifications with every change.</summary>
public static class CensusQuery
{
    private sealed class Line
    {
        public Guid SiteId { get; set; }
        public string Region { get; set; } = "";
        public string ResourceClass { get; set; } = "";
        public long Total { get; set; }
        public long Reserved { get; set; }
        public long Leased { get; set; }
    }

    public static async Task<List<CensusRow>> AsOf(NpgsqlConnection db, DateTimeOffset at, string? region, CancellationToken ct)
    {
        var lines = await db.QueryAsync<Line>(new CommandDefinition("""
            with leased as (
                select site_id, resource_class, sum(units) as units from leases
                 where created_at <= @at and (closed_at is null or closed_at > @at) group by site_id, resource_class)
            select i.site_id as SiteId, s.region as Region, i.resource_class as ResourceClass, i.total as Total, i.reserved as Reserved,
                   coalesce(l.units, 0)::bigint as Leased
              from inventory_history i
              join sites s on s.site_id = i.site_id
              left join leased l on l.site_id = i.site_id and l.resource_class = i.resource_class
             where i.valid_from <= @at and (i.valid_to is null or i.valid_to > @at)
               and (@region::text is null or s.region = @region or s.region like @region || '-%')
            """, new { at, region }, cancellationToken: ct));
        var book = await TraitBook.Load(db, at, ct);
        var keyed = lines.SelectMany(l => new[] { (Line: l, Standard: (string?)null) }.Concat(
            (ResourceClasses.ProductOf(l.ResourceClass) is { } p ? book.OfProduct(p) : []).Select(t => (Line: l, Standard: (string?)t["CERT:".Length..]))));
        return keyed.GroupBy(k => (k.Line.Region, k.Line.ResourceClass, k.Standard))
            .Select(g =>
            {
                var total = g.Sum(x => x.Line.Total);
                var leasedUnits = g.Sum(x => x.Line.Leased);
                var product = ResourceClasses.ProductOf(g.Key.ResourceClass) is { } id ? book.NameOf(id) : null;
                return new CensusRow(g.Key.Region, g.Key.ResourceClass, product, g.Key.Standard, g.Select(x => x.Line.SiteId).Distinct().Count(), total,
                    g.Sum(x => x.Line.Reserved), leasedUnits, total == 0 ? 0 : decimal.Round((decimal)leasedUnits / total, 4));
            })
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.ResourceClass, StringComparer.Ordinal).ThenBy(r => r.Standard ?? "", StringComparer.Ordinal)
            .ToList();
    }

    public const string CsvHeader = "as_of,region,resource_class,product_name,standard,sites,total,reserved,leased,utilisation";

    public static IEnumerable<string> Csv(DateTimeOffset at, IEnumerable<CensusRow> rows)
    {
        yield return CsvHeader;
        foreach (var r in rows)
            yield return string.Join(',', new[] { at.ToString("O"), r.Region, r.ResourceClass, r.ProductName ?? "", r.Standard ?? "", r.Sites.ToString(CultureInfo.InvariantCulture),
                r.Total.ToString(CultureInfo.InvariantCulture), r.Reserved.ToString(CultureInfo.InvariantCulture), r.Leased.ToString(CultureInfo.InvariantCulture),
                r.Utilisation.ToString(CultureInfo.InvariantCulture) }.Select(Cell));
    }

    /// <summary>Product names come from members: a cell a spreadsheet would run as a formula is prefixed with ' (as Compatibility's matrix export does).</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
