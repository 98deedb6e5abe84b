using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Alliance.Bench;

/// <summary>
/// M1, the compute market's matching (issue 23): 1,000 sites of the admitted members and 10,000 offers created through
/// the public API (POST /api/compute/sites, PUT its inventory, POST /api/compute/offers, as the secretariat), then
/// GET /api/compute/requests/{id}/candidates for a mix of requests, open loop. The sites' systems are products the
/// Certified Kubernetes import certified (their CERT traits) and their accelerators the products the MLPerf import
/// published results of (their EVAL traits), so the required traits and minimum scores filter on real data.
/// </summary>
public sealed class MarketBench(Setup setup)
{
    public const double Rate = 20;   // candidate lists a second: requesters looking at their matches
    public const int Sites = 1_000, OffersPerSite = 10;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_SECONDS") ?? "10"));
    private static readonly string[] Regions = ["CN-GD", "CN-BJ", "CN-SH", "CN-ZJ", "CN-SC", "DE-BY", "FR", "SG", "JP-13", "US-CA"];
    private readonly List<Guid> _requests = [];
    private HttpClient _secretariat = null!;

    private static async Task<List<string[]>> Rows(string connection, string sql)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        await using var query = db.CreateCommand(sql);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString()!).ToArray());
        return rows;
    }

    private async Task<JsonObject> Send(HttpMethod method, string url, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await _secretariat.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"M1: {method} {url} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Sites, inventories and offers through the API (16 at a time); then the requests. Answers the seconds it took.</summary>
    public async Task<double> Create()
    {
        _secretariat = setup.SecretariatAt("http://127.0.0.1:8080");
        var compatibility = setup.ServiceDatabase("compatibility");
        var members = (await Rows(setup.ServiceDatabase("market"), "select member_id from member_status where status = 'admitted' order by member_id")).Select(r => Guid.Parse(r[0])).ToList();
        var systems = await Rows(compatibility, "select product_id, standard_code || '@' || version from certifications where status = 'certified' and (valid_until is null or valid_until > now()) group by 1, 2 order by 1 limit 300");
        var accelerators = await Rows(compatibility, "select product_id, benchmark || '/' || scenario, max(score)::text from evaluation_results where status = 'published' and withdrawn_at is null and higher_is_better group by 1, 2 order by 1, 2");
        if (members.Count == 0 || systems.Count == 0 || accelerators.Count == 0)
            throw new InvalidOperationException($"M1 needs admitted members ({members.Count}), certified products ({systems.Count}) and published results ({accelerators.Count}): the imports first");
        var acceleratorProducts = accelerators.Select(a => a[0]).Distinct().ToList();
        var now = DateTimeOffset.UtcNow;
        var window = new { from = now, until = now.AddDays(30) };
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < Sites; n = Interlocked.Increment(ref next))
            {
                var random = new Random(n);
                var site = (Guid)(await Send(HttpMethod.Post, "/api/compute/sites", new
                {
                    memberId = members[n % members.Count],
                    name = $"Bench site {n:0000}",
                    region = Regions[n % Regions.Length],
                    @operator = "Bench operations",
                    energySource = "grid",
                    pue = 1.1m + n % 5 * 0.1m,
                }))["siteId"]!;
                var accelerator = "ACCELERATOR:" + acceleratorProducts[n % acceleratorProducts.Count];
                await Send(HttpMethod.Put, $"/api/compute/sites/{site}/inventory", new
                {
                    inventories = new[]
                    {
                        new { resourceClass = accelerator, total = 1000L, reserved = 0L, minUnit = 1L, maxUnit = 1000L, stepSize = 1L },
                        new { resourceClass = "VCPU", total = 1000L, reserved = 0L, minUnit = 1L, maxUnit = 1000L, stepSize = 1L },
                    },
                    systemProductIds = new[] { Guid.Parse(systems[n % systems.Count][0]) },
                }, "\"1\"");
                for (var o = 0; o < OffersPerSite; o++)
                    await Send(HttpMethod.Post, "/api/compute/offers", new
                    {
                        siteId = site,
                        resourceClass = o % 2 == 0 ? accelerator : "VCPU",
                        units = 100L,
                        pricePerUnitHour = Math.Round(1m + (decimal)random.NextDouble() * 19m, 2),
                        currency = o % 5 == 4 ? "EUR" : "CNY",
                        window,
                    });
            }
        }));
        // The requests: any accelerator or one product or VCPU; CERT and EVAL traits and minimum scores that some sites have.
        var wanted = new { from = now.AddHours(1), until = now.AddDays(2) };
        for (var i = 0; i < 24; i++)
        {
            var system = systems[i * 7 % systems.Count];
            var eval = accelerators[i * 13 % accelerators.Count];
            var (cls, traits, scores) = (i % 4) switch
            {
                0 => ("VCPU", new[] { $"CERT:{system[1]}" }, Array.Empty<object>()),
                1 => ("ACCELERATOR", new[] { $"EVAL:{eval[1]}" }, Array.Empty<object>()),
                2 => ("ACCELERATOR", new[] { $"CERT:{system[1]}" }, new object[] { new { trait = $"EVAL:{eval[1]}", score = double.Parse(eval[2]) / 2 } }),
                _ => ("ACCELERATOR:" + eval[0], Array.Empty<string>(), Array.Empty<object>()),
            };
            _requests.Add((Guid)(await Send(HttpMethod.Post, "/api/compute/requests", new
            {
                memberId = members[i % members.Count],
                resourceClass = cls,
                units = 10L + i % 3 * 20,
                requiredTraits = traits,
                minimumScores = scores,
                maxPricePerUnitHour = 8m + i % 4 * 4,
                currency = "CNY",
                window = wanted,
                regions = i % 3 == 0 ? Array.Empty<string>() : new[] { Regions[i % Regions.Length][..2] },
            }))["requestId"]!);
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The offers open in Market's read model (what every candidate list considers).</summary>
    public async Task<long> OpenOffers() => long.Parse((await Rows(setup.ServiceDatabase("market"), "select count(*) from offers where status = 'open'"))[0][0]);

    /// <summary>How many candidates each request has now, all of them, not one page's (the mix is only a measure if it matches something and filters something).</summary>
    public async Task<string> Matches()
    {
        var counts = new List<int>();
        foreach (var id in _requests) counts.Add((int)(await _secretariat.GetFromJsonAsync<JsonObject>($"/api/compute/requests/{id}/candidates"))!["total"]!);
        return $"candidates per request {counts.Min()}–{counts.Max()}, median {counts.OrderBy(c => c).ElementAt(counts.Count / 2)}";
    }

    public Task<Sample> Paced() => Driver.Paced(Rate, Duration, async n =>
    {
        using var response = await _secretariat.GetAsync($"/api/compute/requests/{_requests[n % _requests.Count]}/candidates");
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    });
}
