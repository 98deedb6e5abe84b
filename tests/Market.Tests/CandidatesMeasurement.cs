using System.Diagnostics;
using Alliance.Market.Matching;
using Alliance.Market.Sites;
using Alliance.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Market.Tests;

/// <summary>
/// A measurement, not a test (nothing in make test asserts a timing): ALLIANCE_MEASURE=1 runs it. Candidates for one request
/// against 10,000 open offers on 1,000 sites: the matching function alone, and GET …/candidates end to end, the offers
/// written into the read model directly (the event path is not what is measured).
/// </summary>
[Collection(MarketCollection.Name)]
public sealed class CandidatesMeasurement(MarketFixture market, ITestOutputHelper output)
{
    private static bool Enabled => Environment.GetEnvironmentVariable("ALLIANCE_MEASURE") == "1";

    [Fact]
    public async Task Candidates_against_ten_thousand_offers_on_a_thousand_sites()
    {
        if (!Enabled) return;
        var now = DateTimeOffset.UtcNow;
        var rng = new Random(7);
        var offers = Enumerable.Range(0, 10_000).Select(i => new OfferView(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), i % 2 == 0 ? "CN-GZ" : "CN-NM",
            "VCPU", 64, 0, rng.Next(1, 100), "CNY", now.AddHours(-1), now.AddDays(30), new Inventory("VCPU", 640, 0, 1, 640, 1), rng.Next(0, 600),
            i % 3 == 0 ? ["CERT:ACI@1.0"] : [])).ToList();
        var want = new Want("VCPU", 32, ["CERT:ACI@1.0"], 50, "CNY", now, now.AddDays(1), ["CN-GZ"]);
        var pure = Percentiles(Enumerable.Range(0, 200).Select(_ => Time(() => Matcher.Match(want, offers, now))).ToList());
        output.WriteLine($"Matcher.Match, 10,000 offers: p50 {pure.P50:F2} ms, p99 {pure.P99:F2} ms");

        var (_, buyer) = await market.Member();
        var request = await market.Request(buyer, "VCPU", 32, 50m, []);
        await using (var db = new NpgsqlConnection(market.Servers.ConnectionString("market")))
        {
            await db.OpenAsync();
            await using var fill = new NpgsqlCommand("""
                insert into sites (site_id, member_id, name, region, operator, registered_at)
                  select ('00000000-0000-0000-0000-' || lpad(s::text, 12, '0'))::uuid, gen_random_uuid(), 'Bench ' || s, 'CN-GZ', 'bench', now() from generate_series(1, 1000) s;
                insert into inventory_history (site_id, resource_class, total, reserved, min_unit, max_unit, step_size, valid_from)
                  select ('00000000-0000-0000-0000-' || lpad(s::text, 12, '0'))::uuid, 'VCPU', 640, 0, 1, 640, 1, now() from generate_series(1, 1000) s;
                insert into offers (offer_id, site_id, member_id, region, resource_class, units, price, currency, starts_at, ends_at, status, published_at, changed_at)
                  select gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((1 + o % 1000)::text, 12, '0'))::uuid, gen_random_uuid(), 'CN-GZ', 'VCPU', 64,
                         1 + (o % 97), 'CNY', now() - interval '1 hour', now() + interval '30 days', 'open', now(), now() from generate_series(1, 10000) o;
                """, db);
            await fill.ExecuteNonQueryAsync();
        }
        for (var i = 0; i < 5; i++) await MarketFixture.Candidates(buyer, request);
        var http = new List<double>();
        for (var i = 0; i < 100; i++)
        {
            var watch = Stopwatch.StartNew();
            await MarketFixture.Candidates(buyer, request);
            http.Add(watch.Elapsed.TotalMilliseconds);
        }
        var end = Percentiles(http);
        output.WriteLine($"GET /api/compute/requests/{{id}}/candidates, 10,000 offers on 1,000 sites, through the gateway: p50 {end.P50:F1} ms, p99 {end.P99:F1} ms");
    }

    private static double Time(Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static (double P50, double P99) Percentiles(List<double> samples)
    {
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)Math.Ceiling(samples.Count * 0.99) - 1]);
    }
}
