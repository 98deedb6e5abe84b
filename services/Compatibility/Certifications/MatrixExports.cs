using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// GET /matrix.json and /matrix.csv: the whole filtered view as of its instant (stated in every row). Rows go
/// from the database reader straight to a file, one at a time, so an export costs the same memory at 100 rows as
/// at 100,000; the file is then sent and kept for the next caller asking the same question of the same events
/// (<see cref="ExportCache"/>).
/// </summary>
public static class MatrixExports
{
    private const int ExportLimit = 100_000;
    private const string CsvHeader = "as_of,certification_id,standard,version,vendor,product,product_name_zh,product_type,product_version,status,valid_from,valid_until";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/matrix.json", (NpgsqlDataSource db, TimeProvider clock, ExportCache cache, IOptions<JsonOptions> json,
            [AsParameters] MatrixQueries.MatrixFilter filter, HttpContext http) =>
            Export(http, db, clock, cache, filter, "json", "application/json; charset=utf-8", (rows, asOf, file, ct) => Json(rows, asOf, file, json.Value.SerializerOptions, ct)))
            .WithTags("Matrix").WithSummary("The whole filtered matrix as JSON");

        app.MapGet("/matrix.csv", (NpgsqlDataSource db, TimeProvider clock, ExportCache cache, [AsParameters] MatrixQueries.MatrixFilter filter, HttpContext http) =>
            Export(http, db, clock, cache, filter, "csv", "text/csv; charset=utf-8", Csv))
            .WithTags("Matrix").WithSummary("The whole filtered matrix as CSV");
    }

    private delegate Task Writer(Rows rows, DateTimeOffset asOf, Stream file, CancellationToken ct);

    private static async Task<IResult> Export(HttpContext http, NpgsqlDataSource db, TimeProvider clock, ExportCache cache, MatrixQueries.MatrixFilter filter,
        string kind, string contentType, Writer write)
    {
        var ct = http.RequestAborted;
        var key = $"{kind}?{http.Request.QueryString}";
        var entry = await cache.Find(db, key, live: filter.AsOf is null, ct)
            ?? await cache.Store(db, key, async file =>
            {
                var asOf = filter.AsOf ?? clock.GetUtcNow();
                await using var connection = await db.OpenConnectionAsync(ct);
                await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(MatrixQueries.Page, MatrixQueries.Args(filter, asOf, ExportLimit, 0),
                    cancellationToken: ct));
                await write(new Rows(reader), asOf, file, ct);
                return asOf;
            }, ct);
        http.Response.Headers.CacheControl = filter.AsOf is null ? "public, max-age=10" : "public, max-age=3600";
        http.Response.Headers.ETag = entry.ETag;
        if (kind == "csv") http.Response.Headers.ContentDisposition = $"attachment; filename=\"matrix-{entry.AsOf:yyyyMMddTHHmmssZ}.csv\"";
        if (http.Request.Headers.IfNoneMatch == entry.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.File(entry.Path, contentType);
    }

    /// <summary>The reader's rows one at a time (Dapper's parser for the row, the window's total beside it).</summary>
    private sealed class Rows(System.Data.Common.DbDataReader reader)
    {
        private readonly Func<System.Data.Common.DbDataReader, MatrixQueries.MatrixRow> _parse = reader.GetRowParser<MatrixQueries.MatrixRow>(length: reader.FieldCount - 1);

        public long Total { get; private set; }

        public async IAsyncEnumerable<MatrixQueries.MatrixRow> All([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            while (await reader.ReadAsync(ct))
            {
                Total = reader.GetInt64(reader.FieldCount - 1);
                yield return _parse(reader);
            }
        }

        public async Task<MatrixQueries.MatrixRow?> First(CancellationToken ct) => await reader.ReadAsync(ct) ? Read() : null;

        private MatrixQueries.MatrixRow Read()
        {
            Total = reader.GetInt64(reader.FieldCount - 1);
            return _parse(reader);
        }
    }

    // { asOf, total, items }: the total is known with the first row (a window over the filtered rows), before items start.
    private static async Task Json(Rows rows, DateTimeOffset asOf, Stream file, JsonSerializerOptions options, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(file);
        var first = await rows.First(ct);
        json.WriteStartObject();
        json.WritePropertyName(options.PropertyNamingPolicy?.ConvertName("asOf") ?? "asOf");
        JsonSerializer.Serialize(json, asOf, options);
        json.WriteNumber(options.PropertyNamingPolicy?.ConvertName("total") ?? "total", first is null ? 0 : rows.Total);
        json.WriteStartArray(options.PropertyNamingPolicy?.ConvertName("items") ?? "items");
        if (first is not null)
        {
            JsonSerializer.Serialize(json, first, options);
            await foreach (var row in rows.All(ct))
            {
                JsonSerializer.Serialize(json, row, options);
                if (json.BytesPending > 32 * 1024) await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static async Task Csv(Rows rows, DateTimeOffset asOf, Stream file, CancellationToken ct)
    {
        await using var csv = new StreamWriter(file, new UTF8Encoding(false), 64 * 1024);
        csv.NewLine = "\n";
        await csv.WriteLineAsync(CsvHeader);
        var instant = asOf.ToString("O");
        await foreach (var r in rows.All(ct))
            await csv.WriteLineAsync(string.Join(',', new[] { instant, r.CertificationId.ToString(), r.Standard, r.Version, r.VendorName ?? "", r.ProductName,
                r.ProductNameZh ?? "", r.ProductType, r.ProductVersion, r.Status, r.ValidFrom?.ToString("O") ?? "", r.ValidUntil?.ToString("O") ?? "" }.Select(Cell)));
    }

    /// <summary>
    /// One CSV cell. Names come from members: a cell a spreadsheet would read as a formula (=, +, -, @, or a tab
    /// or carriage return before one) is prefixed with ' so it stays text (OWASP CSV injection); then RFC 4180 quoting.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
