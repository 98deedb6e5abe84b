using System.Globalization;
using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

[Collection(MarketCollection.Name)]
public sealed class MatchingAndLeaseTests(MarketFixture market)
{
    private static string Accelerator(Guid product) => $"ACCELERATOR:{product}";

    [Fact]
    public async Task Traits_follow_certifications_and_a_revoked_one_stops_the_site_matching()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, certification, standard) = (Guid.NewGuid(), Guid.NewGuid(), $"ACI{Guid.NewGuid():N}"[..10]);
        var trait = $"CERT:{standard}@1.0";
        var site = await market.Site(provider, "CN-GZ", new { resourceClass = Accelerator(product), total = 16 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        var request = await market.Request(buyer, Accelerator(product), 2, 12m, [trait]);

        var before = await MarketFixture.Candidates(buyer, request);
        Assert.Empty(before["candidates"]!.AsArray());
        Assert.Equal("1 offer lacks " + trait, (string)before["why"]!);

        await market.Certification(certification, product, standard, "1.0", "certified");
        await Eventually.True(async () => (await market.Http.GetNode($"/api/compute/sites/{site}"))["traits"]!.AsArray().Any(t => (string)t! == trait), "the site has the trait");
        var matched = await MarketFixture.Candidates(buyer, request);
        Assert.Equal([offer], matched["candidates"]!.AsArray().Select(c => (Guid)c!["offerId"]!));

        await market.Certification(certification, product, standard, "1.0", "revoked");
        await Eventually.True(async () => (await market.Http.GetNode($"/api/compute/sites/{site}"))["traits"]!.AsArray().Count == 0, "the trait is gone");
        Assert.Empty((await MarketFixture.Candidates(buyer, request))["candidates"]!.AsArray());
    }

    [Fact]
    public async Task When_nothing_matches_each_filter_says_how_many_offers_it_removed()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (certified, uncertified, standard) = (Guid.NewGuid(), Guid.NewGuid(), $"STD{Guid.NewGuid():N}"[..10]);
        var trait = $"CERT:{standard}@2.0";
        await market.Certification(Guid.NewGuid(), certified, standard, "2.0", "certified");
        var site = await market.Site(provider, "CN-SH",
            new { resourceClass = Accelerator(certified), total = 8, minUnit = 2, stepSize = 2 }, new { resourceClass = Accelerator(uncertified), total = 64 });
        await Eventually.True(async () => (await market.Http.GetNode($"/api/compute/sites/{site}"))["traits"]!.AsArray().Count == 1, "the certified product's trait");
        var request = await market.Request(buyer, "ACCELERATOR", 3, 20m, [trait]);                            // 3: not a multiple of the step
        // Other tests' offers stay open on this platform: count what these five offers add to each filter.
        static async Task<Dictionary<string, int>> Removed(HttpClient buyer, Guid request) =>
            (await MarketFixture.Candidates(buyer, request))["removed"]!.AsArray().ToDictionary(r => (string)r!["filter"]!, r => (int)r!["offers"]!);
        var baseline = await Removed(buyer, request);
        for (var i = 0; i < 3; i++) await market.Offer(provider, site, Accelerator(uncertified), 4, 5m);   // lack the trait
        await market.Offer(provider, site, Accelerator(certified), 8, 50m);                                 // over the price
        await market.Offer(provider, site, Accelerator(certified), 8, 9m, "USD");                            // another currency

        var answer = await MarketFixture.Candidates(buyer, request);
        var after = await Removed(buyer, request);
        int Added(string filter) => after.GetValueOrDefault(filter) - baseline.GetValueOrDefault(filter);

        Assert.Empty(answer["candidates"]!.AsArray());
        Assert.Equal(3, Added("trait"));
        Assert.Equal(2, Added("unit-rules"));
        Assert.Equal(1, Added("price"));
        Assert.Equal(1, Added("currency"));
        Assert.Contains($"offers lack {trait}", (string)answer["why"]!);
        Assert.Contains("over your price", (string)answer["why"]!);
    }

    [Fact]
    public async Task Candidates_are_ordered_by_price_then_region_preference()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var cls = "STORAGE_TIB";
        var north = await market.Site(provider, "CN-NM", new { resourceClass = cls, total = 100 });
        var south = await market.Site(provider, "CN-GZ", new { resourceClass = cls, total = 100 });
        var cheapNorth = await market.Offer(provider, north, cls, 10, 1m);
        var cheapSouth = await market.Offer(provider, south, cls, 10, 1m);
        var dear = await market.Offer(provider, south, cls, 10, 2m);
        var request = await market.Request(buyer, cls, 5, 3m, [], ["CN-GZ", "CN"]);

        var order = (await MarketFixture.Candidates(buyer, request))["candidates"]!.AsArray().Select(c => (Guid)c!["offerId"]!).ToList();

        Assert.Equal([cheapSouth, cheapNorth, dear], order.Where(o => o == cheapSouth || o == cheapNorth || o == dear));
    }

    [Fact]
    public async Task A_hundred_concurrent_leases_for_ten_units_lease_exactly_ten_and_the_rest_are_409_with_the_reason()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var product = Guid.NewGuid();
        var site = await market.Site(provider, "CN-GS", new { resourceClass = Accelerator(product), total = 12, reserved = 2 });
        var offer = await market.Offer(provider, site, Accelerator(product), 10, 8m);
        var requests = new List<Guid>();
        for (var i = 0; i < 100; i++) requests.Add(await market.Request(buyer, Accelerator(product), 1, 9m, []));

        var answers = await Task.WhenAll(requests.Select(async r =>
        {
            using var response = await buyer.Post($"/api/compute/requests/{r}/leases", new { offerId = offer });
            return ((int)response.StatusCode, (string?)(await response.Read())["rule"]);
        }));

        Assert.Equal(10, answers.Count(a => a.Item1 == 201));
        Assert.True(90 == answers.Count(a => a.Item1 == 409), "answers: " + string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Key.Item1} {g.Key.Item2}: {g.Count()}")));
        Assert.All(answers.Where(a => a.Item1 == 409), a => Assert.Contains(a.Item2, new[] { "insufficient-capacity", "offer-not-open" }));
        var read = await market.Http.GetNode($"/api/compute/sites/{site}");
        Assert.Equal(10, (long)read["inventories"]![0]!["leased"]!);
        Assert.Equal(0, (long)read["inventories"]![0]!["free"]!);
        Assert.Equal("matched", (string)(await market.Http.GetNode($"/api/compute/offers/{offer}"))["status"]!);
    }

    [Fact]
    public async Task A_lease_closes_with_usage_and_a_certification_revoked_during_it_puts_it_at_risk()
    {
        var (providerId, provider) = await market.Member();
        var (buyerId, buyer) = await market.Member();
        var (product, certification, standard) = (Guid.NewGuid(), Guid.NewGuid(), $"RSK{Guid.NewGuid():N}"[..10]);
        var trait = $"CERT:{standard}@1.0";
        await market.Certification(certification, product, standard, "1.0", "certified");
        var site = await market.Site(provider, "CN-BJ", new { resourceClass = Accelerator(product), total = 8 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        var request = await market.Request(buyer, "ACCELERATOR", 4, 10m, [trait]);
        await Eventually.True(async () => (await MarketFixture.Candidates(buyer, request))["candidates"]!.AsArray().Count == 1, "the offer matches");

        using var created = await buyer.Post($"/api/compute/requests/{request}/leases", new { offerId = offer });
        Assert.Equal(201, (int)created.StatusCode);
        var lease = (Guid)(await created.Read())["leaseId"]!;
        Assert.Equal("matched", (string)(await buyer.GetNode($"/api/compute/requests/{request}"))["status"]!);

        await market.Certification(certification, product, standard, "1.0", "revoked");
        await Eventually.True(() => Task.FromResult(market.AtRisk.Received.Any(m => m.Message.LeaseId == lease)), "LeaseAtRisk published");
        var risk = market.AtRisk.Received.First(m => m.Message.LeaseId == lease).Message;
        Assert.Equal((trait, providerId, buyerId, "revoked"), (risk.Trait, risk.ProviderMemberId, risk.RequesterMemberId, risk.CertificationStatus));
        Assert.Equal([trait], (await provider.GetNode($"/api/compute/leases/{lease}"))["atRiskTraits"]!.AsArray().Select(t => (string)t!));

        using var tooMuch = await provider.Post($"/api/compute/leases/{lease}/closure", new { usageUnitHours = 1_000_000 });
        Assert.Equal(400, (int)tooMuch.StatusCode);
        using var closed = await provider.Post($"/api/compute/leases/{lease}/closure", new { });
        Assert.Equal(200, (int)closed.StatusCode);
        Assert.Equal("provider", (string)(await closed.Read())["reason"]!);
        Assert.Equal("closed", (string)(await buyer.GetNode($"/api/compute/requests/{request}"))["status"]!);
        using var again = await buyer.Post($"/api/compute/leases/{lease}/closure", new { });
        Assert.Equal(409, (int)again.StatusCode);
    }

    [Fact]
    public async Task The_census_answers_as_of_any_instant_with_utilisation_and_certified_standards()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, standard) = (Guid.NewGuid(), $"CEN{Guid.NewGuid():N}"[..10]);
        await market.Certification(Guid.NewGuid(), product, standard, "1.0", "certified");
        var region = "CN-XZ";
        var beforeSite = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var site = await market.Site(provider, region, new { resourceClass = Accelerator(product), total = 40 });
        var offer = await market.Offer(provider, site, Accelerator(product), 40, 3m);
        var request = await market.Request(buyer, Accelerator(product), 10, 3m, []);
        var beforeLease = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        (await buyer.Post($"/api/compute/requests/{request}/leases", new { offerId = offer })).EnsureSuccessStatusCode();

        static string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture));
        var now = (await market.Http.GetNode($"/api/compute/census?region={region}"))["rows"]!.AsArray();
        var earlier = (await market.Http.GetNode($"/api/compute/census?region={region}&asOf={At(beforeLease)}"))["rows"]!.AsArray();
        var empty = (await market.Http.GetNode($"/api/compute/census?region={region}&asOf={At(beforeSite)}"))["rows"]!.AsArray();
        var csv = await market.Http.GetStringAsync($"/api/compute/census.csv?region={region}");

        var total = now.Single(r => r!["standard"] is null);
        Assert.Equal((40, 10, 0.25m), ((long)total!["total"]!, (long)total["leased"]!, (decimal)total["utilisation"]!));
        Assert.Equal(40, (long)now.Single(r => (string?)r!["standard"] == $"{standard}@1.0")!["total"]!);
        Assert.Equal(0, (long)earlier.Single(r => r!["standard"] is null)!["leased"]!);
        Assert.Empty(empty);
        Assert.StartsWith("as_of,region,resource_class", csv);
        Assert.Contains($",{region},{Accelerator(product)},", csv);
    }
}
