using System.Text;
using Alliance.Compatibility.Certifications;
using Dapper;
using Npgsql;

namespace Alliance.Bench;

/// <summary>
/// P2u: a matrix page for an instant no cache holds, at a size of the matrix. The latency at a steady rate
/// (open loop: the page's own cost, not the generator's queue), the query plans of the page and its total
/// (EXPLAIN (ANALYZE, BUFFERS), for the doc: the cost must not grow with the table), and a check that the
/// indexed page returns the rows the full sort returns (the design before P2u, kept here as the reference).
/// </summary>
public sealed class UncachedPages(Setup setup)
{
    public const double Rate = 50;   // uncached pages a second: a public user's date picks, not a flood

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));

    private static string RandomInstant() => DateTimeOffset.UtcNow.AddMilliseconds(-Random.Shared.Next(1_000_000)).ToString("O");

    public Task<Sample> Paced() => Driver.Paced(Rate, Duration, async w =>
    {
        using var response = await setup.Gateway.GetAsync($"/api/matrix?standard=K8S&pageSize=25&page={1 + w % 20}&asOf={Uri.EscapeDataString(RandomInstant())}");
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    });

    // The page as it was computed before P2u: every match joined to the catalogue, sorted and counted.
    private const string FullSort = $$"""
        select m.CertificationId, m.Status, count(*) over () as Total from ({{MatrixQueries.Filtered}}) m
          left join (select code, version, (select array_agg(n[1]::numeric) from regexp_matches(version, '(\d{1,30})', 'g') as n) as natural from standard_versions) sv
            on sv.code = m.Standard and sv.version = m.Version
         order by m.Standard, sv.natural, m.Version, m.ProductName, m.CertificationId limit @limit offset @offset
        """;

    private static object Args(DateTimeOffset asOf, int page) =>
        MatrixQueries.Args(new MatrixQueries.MatrixFilter("K8S", null, null, null, null, null, asOf), asOf, 25, 25 * (page - 1));

    /// <summary>Pages 1, 7 and 20 at three instants (now, a month ago, a year ago): the same ids, statuses and totals both ways.</summary>
    public async Task<bool> SameRowsAsTheFullSort()
    {
        await using var db = NpgsqlDataSource.Create(setup.ServiceDatabase("compatibility"));
        await using var connection = await db.OpenConnectionAsync();
        foreach (var asOf in new[] { DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-365) })
            foreach (var page in new[] { 1, 7, 20 })
            {
                var reference = (await connection.QueryAsync<(Guid Id, string Status, long Total)>(FullSort, Args(asOf, page))).ToList();
                var rows = (await connection.QueryAsync<MatrixQueries.MatrixRow>(MatrixQueries.PageRows, Args(asOf, page))).Select(r => (r.CertificationId, r.Status)).ToList();
                var total = await connection.ExecuteScalarAsync<long>(MatrixQueries.GrantedTotal, Args(asOf, page));
                if (!rows.SequenceEqual(reference.Select(r => (r.Id, r.Status))) || (reference.Count > 0 && reference[0].Total != total))
                {
                    Console.Error.WriteLine($"P2u: page {page} as of {asOf:O} differs from the full sort (total {total} against {(reference.Count > 0 ? reference[0].Total : 0)})");
                    return false;
                }
            }
        return true;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of page 20 and of its total as of a random recent instant, as Markdown.</summary>
    public async Task<string> Plans(string size)
    {
        await using var db = NpgsqlDataSource.Create(setup.ServiceDatabase("compatibility"));
        await using var connection = await db.OpenConnectionAsync();
        var asOf = DateTimeOffset.UtcNow.AddMilliseconds(-Random.Shared.Next(1_000_000));
        var text = new StringBuilder($"#### P2u plans at {size} certifications (page 20 of 25 rows, standard K8S, as of {asOf:O})\n\n");
        foreach (var (what, sql) in new[] { ("the page", MatrixQueries.PageRows), ("its total", MatrixQueries.GrantedTotal) })
        {
            var plan = await connection.QueryAsync<string>("explain (analyze, buffers) " + sql, Args(asOf, 20));
            text.Append($"{what}:\n\n```\n{string.Join('\n', plan)}\n```\n\n");
        }
        return text.ToString();
    }
}
