using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// GET /matrix and GET /matrix/check: what was certified, as of any instant (default: now), in one indexed
/// query over the temporal rows. Anonymous and cacheable.
/// </summary>
public static class MatrixQueries
{
    /// <summary>A page of the matrix as of its instant.</summary>
    public sealed record MatrixPage(DateTimeOffset AsOf, IReadOnlyList<MatrixRow> Items, int Page, int PageSize, long Total);

    /// <summary>The whole filtered matrix as of its instant (matrix.json).</summary>
    public sealed record MatrixExport(DateTimeOffset AsOf, long Total, IReadOnlyList<MatrixRow> Items);

    /// <summary>Whether a product is certified for a standard (version) as of an instant, and by which certification.</summary>
    public sealed record MatrixCheck(bool Compatible, DateTimeOffset AsOf, Guid? Product, string? Standard, string? Version, string Status,
        Guid? CertificationId, DateTime? ValidFrom, DateTime? ValidUntil);

    public sealed record MatrixRow(
        Guid CertificationId, Guid ProductId, string ProductName, string? ProductNameZh, string ProductType, Guid VendorId, string? VendorName,
        string ProductVersion, string Standard, string Version, string Status, DateTime? ValidFrom, DateTime? ValidUntil);

    // The status as of @asOf: certified inside the interval (suspended while its vendor was), else how it ended.
    private const string Columns = """
        c.certification_id as CertificationId, c.product_id as ProductId, p.name as ProductName, p.name_zh as ProductNameZh, p.type as ProductType,
               c.vendor_id as VendorId, v.name as VendorName, c.product_version as ProductVersion, c.standard_code as Standard, c.version,
               case when (c.ended_at is null or c.ended_at > @asOf) and (c.valid_until is null or c.valid_until > @asOf)
                         and exists (select 1 from vendor_suspensions s where s.member_id = c.vendor_id and s.suspended_from <= @asOf
                                     and (s.suspended_to is null or s.suspended_to > @asOf)) then 'suspended'
                    when (c.ended_at is null or c.ended_at > @asOf) and (c.valid_until is null or c.valid_until > @asOf) then 'certified'
                    when c.ended_at is not null and c.ended_at <= @asOf then c.end_reason
                    else 'expired' end as Status,
               c.valid_from as ValidFrom, coalesce(c.ended_at, c.valid_until) as ValidUntil
        """;

    private const string From = """
        from certifications c join products p on p.product_id = c.product_id left join vendors v on v.member_id = c.vendor_id
        where c.valid_from is not null and c.valid_from <= @asOf
        """;

    public const string Select = $"select {Columns} {From}";

    // The same rows with the matrix's sort keys beside them, kept in the table so one index returns them in order.
    private const string Sortable = $"select {Columns}, c.version_natural as SortNatural, c.product_name as SortName {From}";

    // A row of the filtered view without its sort keys (the shape of MatrixRow).
    private const string RowColumns = "m.CertificationId, m.ProductId, m.ProductName, m.ProductNameZh, m.ProductType, m.VendorId, m.VendorName, m.ProductVersion, m.Standard, m.Version, m.Status, m.ValidFrom, m.ValidUntil";

    /// <summary>The same answer from the events: every certification of the product and standard, folded up to the instant.</summary>
    private static async Task<List<MatrixRow>> Replayed(NpgsqlConnection db, Marten.IQuerySession session, DateTimeOffset asOf, Guid product, string standard,
        string? version, CancellationToken ct)
    {
        var standardId = await db.QuerySingleOrDefaultAsync<Guid?>("select standard_id from standards where code = @standard", new { standard });
        if (standardId is null) return []; // an unknown standard: nothing was certified against it (not a 500)
        var standardEvents = await session.Events.FetchStreamAsync(standardId.Value, token: ct);
        var ids = await db.QueryAsync<Guid>("select certification_id from certifications where product_id = @product and standard_code = @standard and (@version::text is null or version = @version)",
            new { product, standard, version });
        var rows = new List<MatrixRow>();
        foreach (var id in ids)
        {
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            var answer = MatrixReplay.StatusAt(events, standardEvents, asOf);
            if (answer.ValidFrom is null) continue;
            var submitted = events.Select(e => e.Data).OfType<CertificationSubmitted>().Single();
            rows.Add(new MatrixRow(id, product, "", null, "", submitted.VendorId, null, submitted.ProductVersion, standard, submitted.Version, answer.Status,
                answer.ValidFrom.Value.UtcDateTime, answer.ValidUntil?.UtcDateTime));
        }
        return rows.OrderByDescending(r => r.ValidFrom).ToList();
    }

    /// <summary>The matrix filters shared by the page, the exports and the checks.</summary>
    public sealed record MatrixFilter(string? Standard, string? Version, Guid? Vendor, string? Type, string? Status, string? Q, DateTimeOffset? AsOf);

    public static object Args(MatrixFilter f, DateTimeOffset asOf, int limit, int offset) =>
        new { asOf, standard = f.Standard, version = f.Version, vendor = f.Vendor, type = f.Type, status = f.Status, q = f.Q, limit, offset };

    public const string Filtered = $"""
        select * from ({Sortable}
          and (@standard::text is null or c.standard_code = @standard) and (@version::text is null or c.version = @version)
          and (@vendor::uuid is null or c.vendor_id = @vendor) and (@type::text is null or p.type = @type)
          and (@q::text is null or p.name ilike '%' || @q || '%' or p.name_zh ilike '%' || @q || '%' or v.name ilike '%' || @q || '%' or c.standard_code ilike @q
               or exists (select 1 from unnest(p.former_names) f where f ilike '%' || @q || '%'))) m
        where (@status::text is null or m.Status = @status)
        """;

    // The matrix's stable order: standard, versions in their natural order (v1.7 before v1.10), version, product, id.
    // Every key is a column of certifications (the natural order a generated column, the product's name kept by the
    // projections), so certifications_matrix_order returns the rows already sorted and a page reads offset + limit
    // rows, not every match (docs/benchmarks.md, P2u: sorting every match took 3.7 s a page at 100,000).
    private const string Order = "order by m.Standard, m.SortNatural, m.Version, m.SortName, m.CertificationId";

    /// <summary>The filtered rows in the matrix's stable order, each with the total of the filtered view (the exports: they read every row anyway).</summary>
    internal const string Page = $"select {RowColumns}, count(*) over () as Total from ({Filtered}) m {Order} limit @limit offset @offset";

    /// <summary>One page of the filtered rows, read in the index's order: what a page costs does not grow with the table.</summary>
    public const string PageRows = $"select {RowColumns} from ({Filtered}) m {Order} limit @limit offset @offset";

    /// <summary>
    /// How many rows the view holds, exactly, without counting them: for the standard (and version) alone, every
    /// certification granted by the instant is in the view whatever its status, so the total is the grants of the
    /// whole days before it (matrix_grants_by_standard_day, or matrix_grants_by_day for a version; kept by triggers) and the grants of its own day up to it.
    /// </summary>
    public const string GrantedTotal = """
        select coalesce(case when @version::text is null
                    then (select sum(n) from matrix_grants_by_standard_day d
                           where (@standard::text is null or d.standard_code = @standard) and d.day < date_trunc('day', @asOf::timestamptz, 'UTC'))
                    else (select sum(n) from matrix_grants_by_day d
                           where (@standard::text is null or d.standard_code = @standard) and d.version = @version
                             and d.day < date_trunc('day', @asOf::timestamptz, 'UTC')) end, 0)
             + (select count(*) from certifications c
                 where c.valid_from >= date_trunc('day', @asOf::timestamptz, 'UTC') and c.valid_from <= @asOf
                   and (@standard::text is null or c.standard_code = @standard) and (@version::text is null or c.version = @version))
        """;

    private static async Task<(long Total, List<MatrixRow> Rows)> Query(NpgsqlDataSource db, MatrixFilter f, DateTimeOffset asOf, int limit, int offset, CancellationToken ct)
    {
        var args = Args(f, asOf, limit, offset);
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = (await connection.QueryAsync<MatrixRow>(new CommandDefinition(PageRows, args, cancellationToken: ct))).ToList();
        // Other filters (vendor, type, status, a search) are counted by reading the rows they match.
        var byGrantsAlone = f.Vendor is null && f.Type is null && f.Status is null && f.Q is null;
        var total = byGrantsAlone ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(GrantedTotal, args, cancellationToken: ct))
            : rows.Count < limit && (rows.Count > 0 || offset == 0) ? offset + rows.Count
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition($"select count(*) from ({Filtered}) counted", args, cancellationToken: ct));
        return (total, rows);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/matrix", async (NpgsqlDataSource db, TimeProvider clock, [AsParameters] MatrixFilter filter, int? page, int? pageSize, HttpContext http) =>
        {
            var paging = Paging.From(page, pageSize);
            var asOf = filter.AsOf ?? clock.GetUtcNow();
            var (total, rows) = await Query(db, filter, asOf, paging.Limit, paging.Offset, http.RequestAborted);
            http.Response.Headers.CacheControl = filter.AsOf is null ? "public, max-age=10" : "public, max-age=3600";
            return TypedResults.Ok(new MatrixPage(asOf, rows, paging.Page, paging.PageSize, total));
        }).CacheOutput(MatrixCache.Policy).WithTags("Matrix").WithSummary("The compatibility matrix as of any instant");

        app.MapGet("/matrix/check", async (NpgsqlDataSource db, TimeProvider clock, ReplayLimit replayLimit, Guid? product, string? standard, string? version,
            DateTimeOffset? asOf, bool? replay, HttpContext http) =>
        {
            var v = new Validation();
            if (product is null) v.Add("product", "'product' is required.");
            v.Required("standard", standard, 20);
            v.ThrowIfInvalid();
            if (replay == true && replayLimit.Refuse(http) is { } tooMany) return tooMany;
            http.Response.Headers.CacheControl = asOf is null ? "public, max-age=10" : "public, max-age=3600";
            var args = new { asOf = asOf ?? clock.GetUtcNow(), product, standard, version };
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = (await connection.QueryAsync<MatrixRow>($"""
                {Select} and c.product_id = @product and c.standard_code = @standard and (@version::text is null or c.version = @version)
                order by c.valid_from desc
                """, args)).ToList();
            // The event store is opened only for the replay path: the indexed answer needs no Marten session.
            if (replay == true)
                rows = await Replayed(connection, http.RequestServices.GetRequiredService<Marten.IQuerySession>(), args.asOf, product!.Value, standard!, version, http.RequestAborted);
            var hit = rows.FirstOrDefault(r => r.Status == "certified") ?? rows.FirstOrDefault();
            return TypedResults.Ok(new MatrixCheck(hit?.Status == "certified", args.asOf, product, standard, version, hit?.Status ?? "not-certified",
                hit?.CertificationId, hit?.ValidFrom, hit?.ValidUntil));
        }).CacheOutput(MatrixCache.Policy).WithTags("Matrix").WithSummary("Is this product certified for this standard (version), as of an instant?");
    }
}
