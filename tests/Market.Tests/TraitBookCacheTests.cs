using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>
/// The trait book each Market instance keeps between candidate lists (TraitBookCache) is never stale: a change
/// committed through either instance shows on the other at its next list, and a certification that ends by the clock
/// ends its trait without any message.
/// </summary>
[Collection(MarketCollection.Name)]
public sealed class TraitBookCacheTests(MarketFixture market)
{
    private static string Accelerator(Guid product) => $"ACCELERATOR:{product}";

    private static async Task<List<Guid>> Offers(HttpClient client, string path, Guid request) =>
        ((await client.GetNode($"{path}/compute/requests/{request}/candidates"))["candidates"]!.AsArray()).Select(c => (Guid)c!["offerId"]!).ToList();

    [Fact]
    public async Task A_trait_change_committed_through_one_instance_changes_the_candidates_on_the_other_at_its_next_list()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, certification, standard) = (Guid.NewGuid(), Guid.NewGuid(), $"TWO{Guid.NewGuid():N}"[..10]);
        var site = await market.Site(provider, "CN-GZ", new { resourceClass = Accelerator(product), total = 16 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        var request = await market.Request(buyer, Accelerator(product), 2, 12m, [$"CERT:{standard}@1.0"]);
        using var second = market.SecondMarket();
        second.Start();
        await second.WaitUntilReady(market.Direct);
        // The second instance at its own port (no gateway, so no /api), as the same member.
        using var other = new HttpClient { BaseAddress = new Uri(second.Url), Timeout = TimeSpan.FromSeconds(60) };
        other.DefaultRequestHeaders.Authorization = buyer.DefaultRequestHeaders.Authorization;
        // Both instances hold a book without the trait.
        Assert.Empty(await Offers(buyer, "/api", request));
        Assert.Empty(await Offers(other, "", request));

        // Whichever instance consumes the message commits it; once the first lists the offer, the second must too, at once.
        await market.Certification(certification, product, standard, "1.0", "certified");
        await Eventually.True(async () => (await Offers(buyer, "/api", request)).Contains(offer), "the first instance lists the offer");
        Assert.Equal([offer], await Offers(other, "", request));

        // And the other way round.
        await market.Certification(certification, product, standard, "1.0", "revoked");
        await Eventually.True(async () => (await Offers(other, "", request)).Count == 0, "the second instance drops the offer");
        Assert.Empty(await Offers(buyer, "/api", request));
    }

    [Fact]
    public async Task A_certification_that_ends_by_the_clock_ends_its_trait_in_the_cached_book_without_a_message()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        var (product, standard) = (Guid.NewGuid(), $"END{Guid.NewGuid():N}"[..10]);
        var site = await market.Site(provider, "CN-SH", new { resourceClass = Accelerator(product), total = 16 });
        var offer = await market.Offer(provider, site, Accelerator(product), 8, 10m);
        var request = await market.Request(buyer, Accelerator(product), 2, 12m, [$"CERT:{standard}@1.0"]);
        var validUntil = DateTimeOffset.UtcNow.AddSeconds(30);
        await market.Certification(Guid.NewGuid(), product, standard, "1.0", "certified", validUntil);
        await Eventually.True(async () => (await Offers(buyer, "/api", request)).Contains(offer), "the offer matches while the certification is valid");

        // No message says it ended: the cached book knew the instant it would change.
        await Eventually.True(async () => (await Offers(buyer, "/api", request)).Count == 0, "the offer stops matching", TimeSpan.FromSeconds(60));
        Assert.True(DateTimeOffset.UtcNow >= validUntil);
    }
}
