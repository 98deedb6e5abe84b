using System.Globalization;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace Alliance.Compatibility.Tests.Evaluations;

/// <summary>
/// GET /evaluations/results against the design it replaced (docs/benchmarks.md, E1): the same rows in the same order
/// and the same total as the old query (every match counted and sorted, copied below as the oracle), for filters,
/// sorts, statuses, pages and instants chosen at the edges: a publication's or a withdrawal's own instant, midnight
/// UTC (the counters' day), a withdrawal recorded before its publication, equal scores, pages past the end. The rows
/// are written straight into the read model (inserts, updates and deletes, as the projection does), so the
/// counters' triggers see every kind of change.
/// </summary>
// Several thousand anonymous pages within a minute on a fast machine: above the default public limit of 6,000 a minute
// per address (a 429 would fail the comparison, not the query), so this fixture lifts it.
public sealed class EvaluationResultsQueryTests() : InProcessService<Program>("compatibility",
    new Dictionary<string, string> { ["RateLimits:PublicPerMinute"] = "1000000" })
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Benchmarks = ["bert-99", "resnet"];
    private static readonly (string Scenario, string Unit, bool Higher)[] Metrics = [("Offline", "Samples/s", true), ("Server", "Queries/s", true), ("SingleStream", "Latency (ms)", false)];
    private static readonly string?[] Accelerators = ["NVIDIA H100-SXM-80GB", "NVIDIA L40S", "AMD Instinct MI300X", null];

    private NpgsqlDataSource Db => Factory.Services.GetRequiredService<NpgsqlDataSource>();

    // The query before E1's change, verbatim in its conditions and order: the oracle.
    private const string OldWhere = """
        where r.published_at is not null and r.published_at <= @asOf
          and (case when @status = 'withdrawn' then r.withdrawn_at <= @asOf else (r.withdrawn_at is null or r.withdrawn_at > @asOf) end)
          and (@standard::text is null or r.standard_code = @standard) and (@version::text is null or r.version = @version)
          and (@benchmark::text is null or r.benchmark = @benchmark) and (@scenario::text is null or r.scenario = @scenario)
          and (@division::text is null or r.division = @division) and (@category::text is null or r.category = @category)
          and (@systemType::text is null or r.system_type ilike '%' || @systemType || '%')
          and (@accelerator::text is null or r.accelerator_model ilike '%' || @accelerator || '%')
          and (@submitter::text is null or v.name ilike @submitter or r.vendor_id::text = @submitter)
          and (@product::uuid is null or r.product_id = @product)
        """;

    private static string OldOrder(string? sort) => sort switch
    {
        "perAccelerator" => "order by r.benchmark, r.scenario, r.unit, case when r.higher_is_better and r.accelerators_per_node > 0 then r.score / (coalesce(r.nodes, 1) * r.accelerators_per_node) end desc nulls last, r.result_id",
        "perWatt" => "order by r.benchmark, r.scenario, r.unit, case when r.higher_is_better and r.power > 0 and lower(r.power_unit) in ('watts', 'watt', 'w') then r.score / r.power end desc nulls last, r.result_id",
        _ => "order by r.benchmark, r.scenario, r.unit, case when r.higher_is_better then -r.score else r.score end, r.result_id",
    };

    private sealed record Seeded(Guid[] Vendors, Guid[] Products, DateTimeOffset[] Instants);

    private async Task<Seeded> Seed()
    {
        var vendors = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };   // the third is not in the directory
        var products = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        await using var c = await Db.OpenConnectionAsync();
        await c.ExecuteAsync("""
            insert into vendors (member_id, name, kind, country, tier, status, admitted_at, updated_at)
            values (@a, 'Acme Systems', 'company', 'DE', 'general', 'admitted', now(), now()), (@b, 'Beta', 'company', 'CN', 'general', 'admitted', now(), now())
            """, new { a = vendors[0], b = vendors[1] });
        for (var i = 0; i < products.Length; i++)
            await c.ExecuteAsync("insert into products (product_id, vendor_id, name, type, registered_at) values (@id, @vendor, @name, 'platform', now())",
                new { id = products[i], vendor = vendors[i % 3], name = $"System {i}" });

        var random = new Random(22);
        var instants = new List<DateTimeOffset>();
        for (var s = 0; s < 60; s++)
        {
            var submission = Guid.NewGuid();
            var product = products[s % products.Length];
            // Publications on three days, some exactly at midnight UTC, some under review (never published).
            DateTimeOffset? published = s % 9 == 8 ? null : Day0.AddDays(s % 3).AddMinutes(s % 4 == 0 ? 0 : random.Next(1, 1440));
            if (published is { } p) instants.Add(p);
            foreach (var benchmark in Benchmarks)
                foreach (var (scenario, unit, higher) in Metrics)
                {
                    if (random.Next(5) == 0) continue;
                    // Scores from a few values, so that ties are common and broken by the result id.
                    var score = random.Next(4) * 100.0 + 50;
                    var watts = random.Next(3) == 0 ? (double?)(random.Next(2) + 1) * 500 : null;
                    await c.ExecuteAsync("""
                        insert into evaluation_results (submission_id, result_id, benchmark, scenario, standard_code, version, division, category, system_type, product_id,
                            vendor_id, system_name, nodes, accelerators_per_node, accelerator_model, score, unit, higher_is_better, accuracy, power, power_unit, checks_failed, status)
                        values (@submission, @resultId, @benchmark, @scenario, @standard, @version, @division, @category, @systemType, @product, @vendor, 'sys', @nodes, @accelerators,
                            @accelerator, @score, @unit, @higher, '{}'::jsonb, @watts, @wattUnit, '[]'::jsonb, 'under-review')
                        """, new
                    {
                        submission,
                        resultId = $"t-{s:000}",
                        benchmark,
                        scenario,
                        standard = s % 5 == 0 ? "OTHER" : "MLPERF-INF",
                        version = s % 2 == 0 ? "v4.1" : "v5.0",
                        division = s % 4 == 3 ? "open" : "closed",
                        category = s % 3 == 2 ? "preview" : "available",
                        systemType = s % 6 == 5 ? null : s % 2 == 0 ? "datacenter" : "edge",
                        product,
                        vendor = vendors[Array.IndexOf(products, product) % 3],
                        nodes = s % 7 == 6 ? (int?)null : 1 + s % 2,
                        accelerators = s % 8 == 7 ? 0 : 1 + s % 4,
                        accelerator = Accelerators[s % Accelerators.Length],
                        score,
                        unit,
                        higher,
                        watts,
                        wattUnit = watts is null ? null : s % 2 == 0 ? "Watts" : "W",
                    });
                }
            // Published as the projection does: one statement per result, after the insert.
            if (published is { } at)
                await c.ExecuteAsync("update evaluation_results set status = 'published', published_at = @at, reviewed_by = 'peer review' where submission_id = @submission",
                    new { at, submission });
            // Withdrawn: some after publication (a few within the same day), one recorded before its publication (a preview's deadline).
            if (s % 7 == 1)
            {
                var withdrawn = (published ?? Day0).AddHours(s % 2 == 0 ? 5 : 30);
                instants.Add(withdrawn);
                await c.ExecuteAsync("update evaluation_results set status = 'withdrawn', withdrawn_at = @withdrawn, withdrawal_reason = 'test' where submission_id = @submission and scenario <> 'Server'",
                    new { withdrawn, submission });
            }
            if (s == 10)
                await c.ExecuteAsync("update evaluation_results set withdrawn_at = published_at - interval '1 hour' where submission_id = @submission", new { submission });
        }
        // A deletion, so the counters' delete path is exercised too.
        await c.ExecuteAsync("delete from evaluation_results where result_id = 't-004' and benchmark = 'resnet'");

        var edges = instants.SelectMany(i => new[] { i, i.AddTicks(-10), i.AddTicks(10) })
            .Concat([Day0.AddDays(-1), Day0, Day0.AddDays(1), Day0.AddDays(2).AddTicks(-10), Day0.AddDays(2), Day0.AddDays(10)]);
        return new(vendors, products, edges.Distinct().Order().ToArray());
    }

    private async Task<(List<string> Rows, long Total)> Oracle(string query, string? sort, DateTimeOffset asOf, int page, int pageSize)
    {
        var parsed = System.Web.HttpUtility.ParseQueryString(query);
        var args = new DynamicParameters();
        foreach (var k in new[] { "standard", "version", "benchmark", "scenario", "division", "category", "systemType", "accelerator", "submitter" })
            args.Add(k, parsed[k], System.Data.DbType.String);
        args.Add("status", parsed["status"] ?? "published", System.Data.DbType.String);
        args.Add("product", parsed["product"] is { } p ? Guid.Parse(p) : null, System.Data.DbType.Guid);
        args.Add("asOf", asOf);
        args.Add("limit", pageSize);
        args.Add("offset", (page - 1) * pageSize);
        await using var c = await Db.OpenConnectionAsync();
        var rows = (await c.QueryAsync<string>($"""
            select r.result_id || '/' || r.benchmark || '/' || r.scenario from evaluation_results r join products p on p.product_id = r.product_id
            left join vendors v on v.member_id = r.vendor_id {OldWhere} {OldOrder(sort)} limit @limit offset @offset
            """, args)).ToList();
        var total = await c.ExecuteScalarAsync<long>($"select count(*) from evaluation_results r left join vendors v on v.member_id = r.vendor_id {OldWhere}", args);
        return (rows, total);
    }

    private async Task<(List<string> Rows, long Total)> Api(string query, string? sort, DateTimeOffset asOf, int page, int pageSize)
    {
        var url = $"/evaluations/results?{query}{(sort is null ? "" : $"&sort={sort}")}&asOf={Uri.EscapeDataString(asOf.ToString("O", CultureInfo.InvariantCulture))}&page={page}&pageSize={pageSize}";
        var body = await Http.GetNode(url);
        return (body["items"]!.AsArray().Select(r => $"{r!["resultId"]}/{r["benchmark"]}/{r["scenario"]}").ToList(), (long)body["total"]!);
    }

    [Fact]
    public async Task Every_filter_sort_instant_and_page_answers_the_rows_and_total_of_the_full_sort()
    {
        var seeded = await Seed();
        string[] queries =
        [
            "", "standard=MLPERF-INF", "standard=MLPERF-INF&version=v4.1", "benchmark=bert-99&scenario=Offline", "benchmark=resnet&scenario=SingleStream",
            "benchmark=bert-99&division=open&category=preview", "division=closed", "accelerator=H100", "accelerator=nstinct&standard=MLPERF-INF", "accelerator=",
            "submitter=acme%20systems", $"submitter={seeded.Vendors[2]}", "submitter=Beta&systemType=edge", "systemType=data", $"product={seeded.Products[1]}",
            "benchmark=resnet&accelerator=L40S", "status=withdrawn", "status=withdrawn&benchmark=bert-99&scenario=Offline", "status=withdrawn&submitter=Beta",
            "benchmark=nothing",
        ];
        var checkedPages = 0;
        foreach (var query in queries)
            foreach (var sort in new string?[] { null, "perAccelerator", "perWatt" })
                // Every edge instant for the whole table and the withdrawn, every eighth for the other filters (the run's length).
                foreach (var asOf in seeded.Instants.Where((_, i) => i % 8 == 0 || query is "" or "status=withdrawn"))
                    foreach (var (page, size) in new[] { (1, 7), (2, 7), (40, 7), (1, 200) })
                    {
                        var expected = await Oracle(query, sort, asOf, page, size);
                        var actual = await Api(query, sort, asOf, page, size);
                        Assert.True(expected.Total == actual.Total && expected.Rows.SequenceEqual(actual.Rows),
                            $"{query} sort={sort} asOf={asOf:O} page={page}x{size}: expected {expected.Total} [{string.Join(", ", expected.Rows)}], got {actual.Total} [{string.Join(", ", actual.Rows)}]");
                        checkedPages++;
                    }
        Assert.True(checkedPages > 1000, $"{checkedPages} pages compared");
    }
}
