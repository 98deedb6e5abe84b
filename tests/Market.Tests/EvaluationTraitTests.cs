using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>
/// EVAL traits over HTTP through the broker: Compatibility's EvaluationResultPublished / EvaluationResultWithdrawn give a
/// site's capacity EVAL:{benchmark}/{scenario} with the best public score, and requests filter and rank on them.
/// </summary>
[Collection(MarketCollection.Name)]
public sealed class EvaluationTraitTests(MarketFixture market)
{
    private static string Accelerator(Guid product) => $"ACCELERATOR:{product}";

    // A benchmark of this test only: other tests' results never give its trait.
    private static string Benchmark() => $"rn{Guid.NewGuid():N}"[..12];

    private async Task<double?> SiteScore(Guid site, string trait) =>
        (await market.Http.GetNode($"/api/compute/sites/{site}"))["evaluations"]!.AsArray()
            .Where(e => (string)e!["trait"]! == trait).Select(e => (double?)e!["score"]).FirstOrDefault();

    private async Task<Guid> Request(HttpClient buyer, string resourceClass, string[] traits, object[] minimumScores, decimal maxPrice = 12m, string[]? regions = null)
    {
        using var created = await buyer.Post("/api/compute/requests", new
        {
            resourceClass,
            units = 2,
            requiredTraits = traits,
            minimumScores,
            maxPricePerUnitHour = maxPrice,
            currency = "CNY",
            window = MarketFixture.Window(10),
            regions = regions ?? [],
        });
        Assert.True(201 == (int)created.StatusCode, await created.Content.ReadAsStringAsync());
        return (Guid)(await created.Read())["requestId"]!;
    }

    [Fact]
    public async Task A_published_result_gives_the_site_the_eval_trait_with_the_best_score_and_withdrawals_lower_then_remove_it()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, benchmark) = (Guid.NewGuid(), Benchmark());
        var trait = $"EVAL:{benchmark}/Offline";
        var site = await market.Site(provider, "CN-GZ", new { resourceClass = Accelerator(product), total = 16 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        var request = await Request(buyer, Accelerator(product), [trait], [new { trait, score = 1000 }]);

        var before = await MarketFixture.Candidates(buyer, request);
        Assert.Empty(before["candidates"]!.AsArray());
        Assert.Equal("1 offer lacks " + trait, (string)before["why"]!);

        await market.EvaluationPublished("v9.0-0001", product, benchmark, "Offline", 1200);
        await market.EvaluationPublished("v9.0-0002", product, benchmark, "Offline", 1500);
        await Eventually.True(async () => await SiteScore(site, trait) == 1500, "the site has the trait with the best score");
        var matched = await MarketFixture.Candidates(buyer, request);
        var candidate = matched["candidates"]!.AsArray().Single()!;
        Assert.Equal(offer, (Guid)candidate["offerId"]!);
        Assert.Equal((trait, 1500d, "v9.0-0002"), ((string)candidate["score"]!["trait"]!, (double)candidate["score"]!["score"]!, (string)candidate["score"]!["resultId"]!));
        Assert.Contains(trait, candidate["traits"]!.AsArray().Select(t => (string)t!));

        // The best result withdrawn: the next best stands, still above the request's minimum.
        await market.EvaluationWithdrawn("v9.0-0002", product, benchmark, "Offline");
        await Eventually.True(async () => await SiteScore(site, trait) == 1200, "the score falls to the next best");
        Assert.Equal(1200d, (double)(await MarketFixture.Candidates(buyer, request))["candidates"]![0]!["score"]!["score"]!);

        await market.EvaluationWithdrawn("v9.0-0001", product, benchmark, "Offline");
        await Eventually.True(async () => await SiteScore(site, trait) is null, "the trait is gone");
        Assert.DoesNotContain(trait, (await market.Http.GetNode($"/api/compute/sites/{site}"))["traits"]!.AsArray().Select(t => (string)t!));
        var after = await MarketFixture.Candidates(buyer, request);
        Assert.Empty(after["candidates"]!.AsArray());
        Assert.Equal("1 offer lacks " + trait, (string)after["why"]!);
    }

    [Fact]
    public async Task A_minimum_score_the_site_does_not_reach_is_the_score_below_reason_and_the_lease_is_refused()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, benchmark) = (Guid.NewGuid(), Benchmark());
        var (throughput, latency) = ($"EVAL:{benchmark}/Offline", $"EVAL:{benchmark}/SingleStream");
        await market.EvaluationPublished("v9.1-0001", product, benchmark, "Offline", 800);
        await market.EvaluationPublished("v9.1-0001", product, benchmark, "SingleStream", 5, higherIsBetter: false, unit: "ms");
        var site = await market.Site(provider, "CN-SH", new { resourceClass = Accelerator(product), total = 16 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        await Eventually.True(async () => await SiteScore(site, latency) == 5, "both results arrived");

        var tooHigh = await Request(buyer, Accelerator(product), [], [new { trait = throughput, score = 1000 }]);
        var tooFast = await Request(buyer, Accelerator(product), [], [new { trait = latency, score = 3 }]);
        var met = await Request(buyer, Accelerator(product), [], [new { trait = throughput, score = 800 }, new { trait = latency, score = 10 }]);

        var below = await MarketFixture.Candidates(buyer, tooHigh);
        Assert.Empty(below["candidates"]!.AsArray());
        Assert.Equal($"1 offer scores below 1000 Samples/s on {throughput}", (string)below["why"]!);
        var removal = below["removed"]!.AsArray().Single(r => (string)r!["filter"]! == "score")!;
        Assert.Equal((throughput, 1), ((string)removal["detail"]!, (int)removal["offers"]!));
        Assert.Equal($"1 offer scores above 3 ms on {latency} (lower is better)", (string)(await MarketFixture.Candidates(buyer, tooFast))["why"]!);
        // A minimum score requires its trait: the request says so.
        Assert.Equal([throughput], (await buyer.GetNode($"/api/compute/requests/{tooHigh}"))["requiredTraits"]!.AsArray().Select(t => (string)t!));
        Assert.Equal([offer], (await MarketFixture.Candidates(buyer, met))["candidates"]!.AsArray().Select(c => (Guid)c!["offerId"]!));

        // The lease decides every rule of matching again.
        using var refused = await buyer.Post($"/api/compute/requests/{tooHigh}/leases", new { offerId = offer });
        Assert.Equal(409, (int)refused.StatusCode);
        Assert.Equal("score-below-minimum", (string)(await refused.Read())["rule"]!);
        using var leased = await buyer.Post($"/api/compute/requests/{met}/leases", new { offerId = offer });
        Assert.Equal(201, (int)leased.StatusCode);
    }

    [Fact]
    public async Task At_one_price_candidates_are_ordered_by_the_first_eval_traits_score_in_its_direction_before_region()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (good, better, benchmark) = (Guid.NewGuid(), Guid.NewGuid(), Benchmark());
        var (throughput, latency) = ($"EVAL:{benchmark}/Offline", $"EVAL:{benchmark}/SingleStream");
        await market.EvaluationPublished("v9.2-0001", good, benchmark, "Offline", 1000);
        await market.EvaluationPublished("v9.2-0001", good, benchmark, "SingleStream", 4, higherIsBetter: false, unit: "ms");
        await market.EvaluationPublished("v9.2-0002", better, benchmark, "Offline", 2000);
        await market.EvaluationPublished("v9.2-0002", better, benchmark, "SingleStream", 8, higherIsBetter: false, unit: "ms");
        var preferred = await market.Site(provider, "CN-GZ", new { resourceClass = Accelerator(good), total = 8 });
        var other = await market.Site(provider, "CN-NM", new { resourceClass = Accelerator(better), total = 8 });
        var onPreferred = await market.Offer(provider, preferred, Accelerator(good), 8, 10m);
        var onOther = await market.Offer(provider, other, Accelerator(better), 8, 10m);
        await Eventually.True(async () => await SiteScore(preferred, latency) == 4 && await SiteScore(other, latency) == 8, "every result arrived");

        var byThroughput = await Request(buyer, "ACCELERATOR", [throughput, latency], [], regions: ["CN-GZ"]);
        var byLatency = await Request(buyer, "ACCELERATOR", [latency, throughput], [], regions: ["CN-NM"]);

        async Task<List<Guid>> Order(Guid request) => (await MarketFixture.Candidates(buyer, request))["candidates"]!.AsArray()
            .Select(c => (Guid)c!["offerId"]!).Where(o => o == onPreferred || o == onOther).ToList();
        Assert.Equal([onOther, onPreferred], await Order(byThroughput));   // 2000 Samples/s before 1000, though CN-GZ is preferred
        Assert.Equal([onPreferred, onOther], await Order(byLatency));      // 4 ms before 8 ms, though CN-NM is preferred
    }

    [Fact]
    public async Task Bad_minimum_scores_and_traits_are_400_naming_each_field_and_open_nothing()
    {
        var (_, buyer) = await market.Member();
        var before = (await buyer.GetNode("/api/compute/requests")).AsArray().Count;

        using var bad = await buyer.Post("/api/compute/requests", new
        {
            resourceClass = "VCPU",
            units = 4,
            requiredTraits = new[] { "EVAL:resnet", "EVAL:resnet/Offline" },
            maxPricePerUnitHour = 5m,
            currency = "CNY",
            window = MarketFixture.Window(5),
            minimumScores = new object[]
            {
                new { trait = "CERT:ACI@1.0", score = 1 }, new { trait = "EVAL:resnet/Offline", score = -1 }, new { trait = "EVAL:resnet/Offline", score = 2 },
                new { trait = "EVAL:bert/Server" },
            },
        });

        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(["requiredTraits[0]", "minimumScores[0].trait", "minimumScores[1].score", "minimumScores[2].trait", "minimumScores[3].score"],
            (await bad.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, (await buyer.GetNode("/api/compute/requests")).AsArray().Count);
    }
}
