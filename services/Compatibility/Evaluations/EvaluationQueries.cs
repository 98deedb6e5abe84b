using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alliance.Hosting;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alliance.Compatibility.Evaluations;

/// <summary>
/// GET /evaluations/results (and .csv, .json) and /evaluations/compare: the published results as of any instant, best
/// first in each metric's own direction, with the score per accelerator and, where power was measured in watts in
/// the same run, per watt (throughput metrics only: a latency divided by accelerators or watts means nothing).
/// </summary>
public static class EvaluationQueries
{
    /// <summary>Status: published (default) or withdrawn, as of the instant. Sort: score (default), perAccelerator, perWatt.</summary>
    public sealed record ResultFilter(string? Standard, string? Version, string? Benchmark, string? Scenario, string? Division, string? Category, string? Accelerator,
        string? Submitter, Guid? Product, string? SystemType, string? Status, string? Sort, DateTimeOffset? AsOf);

    public sealed record ResultRow(
        string ResultId, string Benchmark, string Scenario, string Standard, string Version, string Division, string Category, string? SystemType, Guid ProductId,
        string ProductName, Guid VendorId, string? Submitter, string? SystemName, int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor,
        string? Software, double Score, string Unit, bool HigherIsBetter, double? PerAccelerator, double? PerWatt, double? Power, string? PowerUnit,
        [property: JsonIgnore] string AccuracyJson, string? AccuracyText, string? LogsUrl, string? CodeUrl, string Status, string? ReviewedBy, DateTime? PublishedAt,
        DateTime? WithdrawnAt, string? WithdrawalReason)
    {
        public JsonElement Accuracy => JsonColumn.Parse(AccuracyJson);
    }

    public sealed record ComparedSystem(string ResultId, Guid ProductId, string ProductName, string? Submitter, string? SystemName, string Division, string Category,
        int? Nodes, int? AcceleratorsPerNode, string? AcceleratorModel, string? Processor, string? Software);

    /// <summary>Systems side by side on the benchmarks and scenarios all of them ran, as of AsOf.</summary>
    public sealed record Comparison(DateTimeOffset AsOf, IReadOnlyList<ComparedSystem> Systems, IReadOnlyList<ComparedBenchmark> Benchmarks);

    public sealed record ResultPage(DateTimeOffset AsOf, IReadOnlyList<ResultRow> Items, int Page, int PageSize, long Total);

    private const string Select = """
        select r.result_id as ResultId, r.benchmark, r.scenario, r.standard_code as Standard, r.version, r.division, r.category, r.system_type as SystemType,
               r.product_id as ProductId, p.name as ProductName, r.vendor_id as VendorId, v.name as Submitter, r.system_name as SystemName, r.nodes,
               r.accelerators_per_node as AcceleratorsPerNode, r.accelerator_model as AcceleratorModel, r.processor, r.software, r.score, r.unit,
               r.higher_is_better as HigherIsBetter,
               r.per_accelerator as PerAccelerator, r.per_watt as PerWatt,
               r.power, r.power_unit as PowerUnit, r.accuracy::text as AccuracyJson, r.accuracy_text as AccuracyText, r.logs_url as LogsUrl, r.code_url as CodeUrl,
               case when r.withdrawn_at is not null and r.withdrawn_at <= @asOf then 'withdrawn' else 'published' end as Status,
               r.reviewed_by as ReviewedBy, r.published_at as PublishedAt,
               case when r.withdrawn_at <= @asOf then r.withdrawn_at end as WithdrawnAt, case when r.withdrawn_at <= @asOf then r.withdrawal_reason end as WithdrawalReason
        from {0} r join products p on p.product_id = r.product_id left join vendors v on v.member_id = r.vendor_id
        """;

    private static readonly string SelectAll = string.Format(Select, "evaluation_results");

    // Best first within each benchmark, scenario and unit (an open result may report in another), in the metric's direction; ties by result id, so an export is reproducible.
    // Each key is a stored column with an index in this order (EvaluationOrder): score_key is the score negated where higher is better.
    private static string Order(string? sort) => sort switch
    {
        "perAccelerator" => "order by r.benchmark, r.scenario, r.unit, r.per_accelerator desc nulls last, r.result_id",
        "perWatt" => "order by r.benchmark, r.scenario, r.unit, r.per_watt desc nulls last, r.result_id",
        _ => "order by r.benchmark, r.scenario, r.unit, r.score_key, r.result_id",
    };

    private static void Check(ResultFilter f)
    {
        var v = new Validation();
        if (f.Status is not (null or "published" or "withdrawn")) v.Add("status", "'status' is published or withdrawn.");
        if (f.Sort is not (null or "score" or "perAccelerator" or "perWatt")) v.Add("sort", "'sort' is score, perAccelerator or perWatt.");
        v.ThrowIfInvalid();
    }

    /// <summary>The parameters of a filter's queries, with the models and vendors its accelerator and submitter match (EvaluationResultSql).</summary>
    private static async Task<object> Args(NpgsqlConnection connection, ResultFilter f, DateTimeOffset asOf, int limit, int offset, CancellationToken ct) => new
    {
        asOf,
        models = f.Accelerator is null ? null
            : (await connection.QueryAsync<string>(new CommandDefinition(EvaluationResultSql.Models, new { accelerator = f.Accelerator }, cancellationToken: ct))).ToArray(),
        vendors = f.Submitter is null ? null
            : EvaluationResultSql.WithId(await connection.QueryAsync<Guid>(new CommandDefinition(EvaluationResultSql.Vendors, new { submitter = f.Submitter }, cancellationToken: ct)), f.Submitter),
        reach = limit + offset,
        day = EvaluationResultSql.DayOf(asOf),
        standard = f.Standard,
        version = f.Version,
        benchmark = f.Benchmark,
        scenario = f.Scenario,
        division = f.Division,
        category = f.Category,
        systemType = f.SystemType,
        accelerator = f.Accelerator,
        submitter = f.Submitter,
        product = f.Product,
        limit,
        offset,
    };

    public static void Map(RouteGroupBuilder evaluations)
    {
        evaluations.MapGet("/results", async (NpgsqlDataSource db, TimeProvider clock, [AsParameters] ResultFilter filter, int? page, int? pageSize, HttpContext http) =>
        {
            Check(filter);
            var paging = Paging.From(page, pageSize);
            var asOf = (filter.AsOf ?? clock.GetUtcNow()).ToUniversalTime();
            var (total, rows) = await Page(db, filter, asOf, paging, http.RequestAborted);
            http.Response.Headers.CacheControl = filter.AsOf is null ? "public, max-age=10" : "public, max-age=3600";
            return TypedResults.Ok(new ResultPage(asOf, rows, paging.Page, paging.PageSize, total));
        }).WithSummary("Published results as of any instant, best first per metric, with per-accelerator and per-watt columns");

        evaluations.MapGet("/results.json", (NpgsqlDataSource db, TimeProvider clock, IOptions<JsonOptions> json, [AsParameters] ResultFilter filter, HttpContext http) =>
            Export(http, db, clock, filter, "json", async (rows, asOf, response, ct) =>
            {
                var options = json.Value.SerializerOptions;
                // On the response's pipe: the serializer's flushes only hand bytes on; the pipe is flushed asynchronously below.
                await using var writer = new Utf8JsonWriter(response.BodyWriter);
                writer.WriteStartObject();
                writer.WriteString("asOf", asOf);
                writer.WriteStartArray("items");
                long sent = 0;
                await foreach (var row in rows)
                {
                    JsonSerializer.Serialize(writer, row, options);
                    if (writer.BytesPending + writer.BytesCommitted - sent > 32 * 1024)
                    {
                        writer.Flush(); // into the pipe's buffer, no I/O
                        sent = writer.BytesCommitted;
                        await response.BodyWriter.FlushAsync(ct);
                    }
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
                await writer.FlushAsync(ct);
                await response.BodyWriter.FlushAsync(ct);
            })).WithSummary("The whole filtered results table as JSON, as of an instant");

        evaluations.MapGet("/results.csv", (NpgsqlDataSource db, TimeProvider clock, [AsParameters] ResultFilter filter, HttpContext http) =>
            Export(http, db, clock, filter, "csv", async (rows, asOf, response, ct) =>
            {
                await using var csv = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024) { NewLine = "\n" };
                await csv.WriteLineAsync("as_of,result_id,benchmark,scenario,standard,version,division,category,submitter,product,system,nodes,accelerators_per_node," +
                    "accelerator_model,score,unit,higher_is_better,per_accelerator,per_watt,power,power_unit,status,reviewed_by,published_at,withdrawn_at");
                var instant = asOf.ToString("O");
                static string N(double? d) => d?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "";
                await foreach (var r in rows)
                    await csv.WriteLineAsync(string.Join(',', new[]
                    {
                        instant, r.ResultId, r.Benchmark, r.Scenario, r.Standard, r.Version, r.Division, r.Category, r.Submitter ?? "", r.ProductName, r.SystemName ?? "",
                        r.Nodes?.ToString() ?? "", r.AcceleratorsPerNode?.ToString() ?? "", r.AcceleratorModel ?? "", N(r.Score), r.Unit, r.HigherIsBetter ? "true" : "false",
                        N(r.PerAccelerator), N(r.PerWatt), N(r.Power), r.PowerUnit ?? "", r.Status, r.ReviewedBy ?? "", r.PublishedAt?.ToString("O") ?? "", r.WithdrawnAt?.ToString("O") ?? "",
                    }.Select(Certifications.MatrixExports.Cell)));
            })).WithSummary("The whole filtered results table as CSV, as of an instant");

        evaluations.MapGet("/compare", Compare).WithSummary("Two or more systems side by side on the benchmarks and scenarios they share, as of an instant");
    }

    /// <summary>
    /// A page in its index's order (offset + limit rows read, not every match) and its exact total: from the counters
    /// when a counter table has the filter's columns (then a page past the end reads no rows), else from the page
    /// itself when it is the last, else by counting the matches.
    /// </summary>
    private static async Task<(long Total, List<ResultRow> Rows)> Page(NpgsqlDataSource db, ResultFilter filter, DateTimeOffset asOf, Paging paging, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var args = await Args(connection, filter, asOf, paging.Limit, paging.Offset, ct);
        long? total = EvaluationResultSql.Counters(filter) is { } counters
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(EvaluationResultSql.Total(filter, counters), args, cancellationToken: ct))
            : null;
        if (total <= paging.Offset) return (total.Value, []);
        var sql = EvaluationResultSql.Fanned(filter, Order(filter.Sort)) is { } fanned
            ? $"{string.Format(Select, fanned)} {Order(filter.Sort)} limit @limit offset @offset"
            : $"{SelectAll} {EvaluationResultSql.Where(filter)} {Order(filter.Sort)} limit @limit offset @offset";
        var rows = (await connection.QueryAsync<ResultRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        total ??= rows.Count < paging.Limit && (rows.Count > 0 || paging.Offset == 0) ? paging.Offset + rows.Count
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(EvaluationResultSql.Count(filter), args, cancellationToken: ct));
        return (total.Value, rows);
    }

    private const int ExportLimit = 200_000;

    private delegate Task Writer(IAsyncEnumerable<ResultRow> rows, DateTimeOffset asOf, HttpResponse response, CancellationToken ct);

    /// <summary>Rows go from the database reader straight to the response, one at a time; the same asOf gives the same bytes.</summary>
    private static async Task Export(HttpContext http, NpgsqlDataSource db, TimeProvider clock, ResultFilter filter, string kind, Writer write)
    {
        Check(filter);
        var ct = http.RequestAborted;
        var asOf = (filter.AsOf ?? clock.GetUtcNow()).ToUniversalTime();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition($"{SelectAll} {EvaluationResultSql.Where(filter)} {Order(filter.Sort)} limit @limit offset @offset",
            await Args(connection, filter, asOf, ExportLimit, 0, ct), cancellationToken: ct));
        var parse = reader.GetRowParser<ResultRow>();
        http.Response.ContentType = kind == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = filter.AsOf is null ? "public, max-age=10" : "public, max-age=3600";
        if (kind == "csv") http.Response.Headers.ContentDisposition = $"attachment; filename=\"evaluation-results-{asOf:yyyyMMddTHHmmssZ}.csv\"";
        async IAsyncEnumerable<ResultRow> Rows()
        {
            while (await reader.ReadAsync(ct)) yield return parse(reader);
        }
        await write(Rows(), asOf, http.Response, ct);
    }

    public sealed record CompareScore(string ResultId, double Score, double? PerAccelerator, double? PerWatt);

    public sealed record ComparedBenchmark(string Benchmark, string Scenario, string Unit, bool HigherIsBetter, IReadOnlyList<CompareScore> Scores, string Best);

    private static async Task<IResult> Compare(NpgsqlDataSource db, TimeProvider clock, string? results, DateTimeOffset? asOf, HttpContext http)
    {
        var ids = (results ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (ids.Count is < 2 or > 20)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["results"] = ["'results' lists 2–20 result ids, comma-separated (e.g. v4.1-0001,v4.1-0002)."] });
        var instant = (asOf ?? clock.GetUtcNow()).ToUniversalTime();
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        var everything = new ResultFilter(null, null, null, null, null, null, null, null, null, null, null, null, instant);
        var rows = (await connection.QueryAsync<ResultRow>($"{SelectAll} {EvaluationResultSql.Where(everything)} and r.result_id = any(@ids) {Order(null)}",
            new { asOf = instant, ids = ids.ToArray() })).ToList();
        if (ids.Except(rows.Select(r => r.ResultId)).ToList() is { Count: > 0 } unknown)
            throw new NotFound($"Published results {string.Join(", ", unknown)} as of {instant:O}");
        var systems = rows.GroupBy(r => r.ResultId).Select(g => g.First()).OrderBy(r => ids.IndexOf(r.ResultId)).Select(r => new ComparedSystem(r.ResultId, r.ProductId, r.ProductName, r.Submitter, r.SystemName, r.Division, r.Category, r.Nodes,
            r.AcceleratorsPerNode, r.AcceleratorModel, r.Processor, r.Software)).ToList();
        var shared = rows.GroupBy(r => (r.Benchmark, r.Scenario)).Where(g => g.Select(r => r.ResultId).Distinct().Count() == ids.Count)
            .Select(g =>
            {
                var best = g.OrderBy(r => r.HigherIsBetter ? -r.Score : r.Score).ThenBy(r => r.ResultId, StringComparer.Ordinal).First();
                return new ComparedBenchmark(g.Key.Benchmark, g.Key.Scenario, best.Unit, best.HigherIsBetter,
                    g.OrderBy(r => ids.IndexOf(r.ResultId)).Select(r => new CompareScore(r.ResultId, r.Score, r.PerAccelerator, r.PerWatt)).ToList(), best.ResultId);
            }).OrderBy(b => b.Benchmark, StringComparer.Ordinal).ThenBy(b => b.Scenario, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new Comparison(instant, systems, shared));
    }
}
