using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>
/// GET /compute/requests/{id}/candidates writes one page of the ordered list (50 by default): the pages are slices of
/// the one order, and the total and the "why not" counts are over every open offer whatever the page.
/// </summary>
[Collection(MarketCollection.Name)]
public sealed class CandidatePagingTests(MarketFixture market)
{
    [Fact]
    public async Task A_page_is_a_slice_of_the_whole_order_and_the_counts_cover_every_offer()
    {
        var (_, provider) = await market.Member();
        var (_, buyer) = await market.Member();
        // A product of its own: only this test's offers are of the class.
        var cls = $"ACCELERATOR:{Guid.NewGuid()}";
        var site = await market.Site(provider, "CN-GZ", new { resourceClass = cls, total = 1000 });
        // 60 within the price, ten to a price so that ties are ordered too; 3 over it.
        for (var i = 0; i < 60; i++) await market.Offer(provider, site, cls, 10, 1m + i % 6);
        for (var i = 0; i < 3; i++) await market.Offer(provider, site, cls, 10, 99m);
        var request = await market.Request(buyer, cls, 1, 10m, []);

        var first = await buyer.GetNode($"/api/compute/requests/{request}/candidates");
        var second = await buyer.GetNode($"/api/compute/requests/{request}/candidates?page=2");
        var all = await buyer.GetNode($"/api/compute/requests/{request}/candidates?pageSize=200");

        static List<Guid> Offers(JsonNode list) => [.. list["candidates"]!.AsArray().Select(c => (Guid)c!["offerId"]!)];
        static List<decimal> Prices(JsonNode list) => [.. list["candidates"]!.AsArray().Select(c => (decimal)c!["pricePerUnitHour"]!)];
        Assert.Equal(60, Offers(all).Count);
        Assert.Equal(Prices(all).Order(), Prices(all));
        Assert.Equal(Offers(all).Take(50), Offers(first));
        Assert.Equal(Offers(all).Skip(50), Offers(second));
        foreach (var list in new[] { first, second, all })
        {
            Assert.Equal(60, (int)list["total"]!);
            // The over-price offers are counted on every page, and nothing else removed any of this class.
            var price = list["removed"]!.AsArray().Single(r => (string)r!["filter"]! == "price");
            Assert.Equal(3, (int)price!["offers"]!);
        }
        Assert.Equal((1, 50), ((int)first["page"]!, (int)first["pageSize"]!));
        Assert.Equal((int)all["considered"]!, (int)first["considered"]!);

        using var tooLarge = await buyer.GetAsync($"/api/compute/requests/{request}/candidates?pageSize=201");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
    }
}
