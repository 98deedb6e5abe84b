using Alliance.Hosting;
using Npgsql;

namespace Alliance.Market.Census;

/// <summary>GET /compute/census (JSON) and /compute/census.csv: public, as of any instant.</summary>
public static class CensusEndpoints
{
    public static RouteGroupBuilder MapCensus(this RouteGroupBuilder compute)
    {
        compute.MapGet("/census", async (DateTimeOffset? asOf, string? region, string? format, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var (at, rows) = await Read(asOf, region, db, clock, http);
            if (format == "csv") return Csv(at, rows, http);
            if (format is not (null or "json"))
                throw new ValidationFailed(new Dictionary<string, string[]> { ["format"] = ["'format' is json (the default) or csv."] });
            return Results.Ok(new CensusAnswer(at, rows));
        }).Produces<CensusAnswer>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status200OK, typeof(string), "text/csv")
          .WithSummary("Capacity by region, resource class and certified standard, with utilisation, as of any instant (format=csv for a file)");

        compute.MapGet("/census.csv", async (DateTimeOffset? asOf, string? region, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var (at, rows) = await Read(asOf, region, db, clock, http);
            return Csv(at, rows, http);
        }).WithSummary("The census as CSV, as of any instant");
        return compute;
    }

    private static async Task<(DateTimeOffset, List<CensusRow>)> Read(DateTimeOffset? asOf, string? region, NpgsqlDataSource db, TimeProvider clock, HttpContext http)
    {
        if (region is not null && !Sites.SiteDecisions.IsRegion(region))
            throw new ValidationFailed(new Dictionary<string, string[]> { ["region"] = ["'region' is a country code (\"CN\") or a province code (\"CN-GZ\")."] });
        var now = clock.GetUtcNow();
        var at = asOf?.ToUniversalTime() ?? now;
        // A past instant never changes; the present may change with any command.
        http.Response.Headers.CacheControl = at < now.AddMinutes(-1) ? "public, max-age=3600" : "public, max-age=10";
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        return (at, await CensusQuery.AsOf(connection, at, region, http.RequestAborted));
    }

    private static IResult Csv(DateTimeOffset at, List<CensusRow> rows, HttpContext http)
    {
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"compute-census-{at:yyyyMMddTHHmmssZ}.csv\"";
        return Results.Text(string.Join("\n", CensusQuery.Csv(at, rows)) + "\n", "text/csv; charset=utf-8");
    }
}
