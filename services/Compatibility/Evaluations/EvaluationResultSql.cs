namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// The SQL of the results table's filters, written with only the conditions a request names (rather than
/// "@x is null or …" for every filter), so each filter and sort has a plan that walks its index in order
/// (EvaluationOrder), and its total from the counter table that has every filtered column, if one does.
/// </summary>
internal static class EvaluationResultSql
{
    /// <summary>The conditions of the filter's columns (not the instant), on the rows or counters named <paramref name="a"/>.</summary>
    public static string Columns(EvaluationQueries.ResultFilter f, string a)
    {
        var c = new List<string>();
        if (f.Standard is not null) c.Add($"{a}.standard_code = @standard");
        if (f.Version is not null) c.Add($"{a}.version = @version");
        if (f.Benchmark is not null) c.Add($"{a}.benchmark = @benchmark");
        if (f.Scenario is not null) c.Add($"{a}.scenario = @scenario");
        if (f.Division is not null) c.Add($"{a}.division = @division");
        if (f.Category is not null) c.Add($"{a}.category = @category");
        if (f.SystemType is not null) c.Add($"{a}.system_type ilike '%' || @systemType || '%'");
        // The accelerator (part of the model's name) and the submitter (a name pattern or a member id) as the sets of
        // models and vendors they match (Resolve), so an index that leads with the column serves each value.
        if (f.Accelerator is not null) c.Add($"{a}.accelerator_model = any(@models)");
        if (f.Submitter is not null) c.Add($"{a}.vendor_id = any(@vendors)");
        if (f.Product is not null) c.Add($"{a}.product_id = @product");
        return string.Concat(c.Select(x => " and " + x));
    }

    /// <summary>
    /// Public as of the instant: published by then, and not withdrawn by then (status published) or withdrawn by then
    /// (status withdrawn: withdrawn_from, the later of the two instants, is by then).
    /// </summary>
    public static string Where(EvaluationQueries.ResultFilter f) =>
        "where r.published_at is not null and r.published_at <= @asOf and " +
        (f.Status == "withdrawn" ? "r.withdrawn_from <= @asOf" : "(r.withdrawn_at is null or r.withdrawn_at > @asOf)") + Columns(f, "r");

    /// <summary>The counter table whose key has every column the filter names, or null (a filter on the product, or on columns of both).</summary>
    public static string? Counters(EvaluationQueries.ResultFilter f)
    {
        var system = f.Submitter is not null || f.Accelerator is not null || f.SystemType is not null;
        var table = f.Benchmark is not null || f.Scenario is not null || f.Division is not null || f.Category is not null;
        if (f.Product is not null || (system && table)) return null;
        return system ? "evaluation_results_by_system_day" : "evaluation_results_by_day";
    }

    /// <summary>
    /// The total of a filter with a counter table, exactly: what the whole UTC days before the instant published less
    /// what they withdrew, and the same of the rows of the instant's own day up to it (read by the instants' indexes).
    /// </summary>
    public static string Total(EvaluationQueries.ResultFilter f, string counters) =>
        f.Status == "withdrawn"
            ? $"""
              select coalesce((select sum(c.withdrawn) from {counters} c where c.day < @day{Columns(f, "c")}), 0)
                   + (select count(*) from evaluation_results r where r.withdrawn_from >= @day and r.withdrawn_from <= @asOf{Columns(f, "r")})
              """
            : $"""
              select coalesce((select sum(c.published - c.withdrawn) from {counters} c where c.day < @day{Columns(f, "c")}), 0)
                   + (select count(*) from evaluation_results r where r.published_at >= @day and r.published_at <= @asOf{Columns(f, "r")})
                   - (select count(*) from evaluation_results r where r.withdrawn_from >= @day and r.withdrawn_from <= @asOf{Columns(f, "r")})
              """;

    /// <summary>The total of any filter, by counting its matches (a filter with no counter table).</summary>
    public static string Count(EvaluationQueries.ResultFilter f) => $"select count(*) from evaluation_results r {Where(f)}";

    /// <summary>
    /// The accelerator models a filter's accelerator matches (as "accelerator_model ilike '%x%'" did; every model of a
    /// published result is in the system counters) and the vendors its submitter matches ("v.name ilike @submitter or
    /// r.vendor_id::text = @submitter": the directory's names, and the id itself, which may name a vendor not in it).
    /// </summary>
    public const string Models = "select distinct accelerator_model from evaluation_results_by_system_day where accelerator_model ilike '%' || @accelerator || '%'";

    public const string Vendors = "select member_id from vendors where name ilike @submitter or member_id::text = @submitter";

    public static Guid[] WithId(IEnumerable<Guid> named, string submitter) =>
        [.. named.Union(Guid.TryParse(submitter, out var id) && id.ToString() == submitter ? [id] : [])];

    /// <summary>
    /// The rows a page of a filter on a set of models or vendors is taken from, as the source of the page's select:
    /// one walk per value of the set (an index that leads with the column, in the page's order, offset + limit rows
    /// each), the page then sorted from their union: PostgreSQL 15 does not merge the ordered walks of "= any(…)"
    /// itself. Each row must have its product, as the page's inner join asks. Null: no such set, the table itself.
    /// </summary>
    public static string? Fanned(EvaluationQueries.ResultFilter f, string order)
    {
        var (column, set, type) = f.Submitter is not null ? ("vendor_id", "vendors", "uuid") : f.Accelerator is not null ? ("accelerator_model", "models", "text") : (null, null, null);
        return column is null ? null : $"""
            (select x.* from unnest(@{set}::{type}[]) as f(value) cross join lateral (
               select r.* from evaluation_results r {Where(f)} and r.{column} = f.value and exists (select 1 from products p where p.product_id = r.product_id)
                {order} limit @reach) x)
            """;
    }

    /// <summary>The UTC day the instant is in, as the counters' day column holds it.</summary>
    public static DateTimeOffset DayOf(DateTimeOffset asOf) => new(asOf.UtcDateTime.Date, TimeSpan.Zero);
}
