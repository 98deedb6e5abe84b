using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

[Collection(MarketCollection.Name)]
public sealed class SiteAndInventoryTests(MarketFixture market)
{
    [Fact]
    public async Task An_inventory_write_names_the_version_it_was_decided_on_and_a_stale_one_is_412()
    {
        var (_, owner) = await market.Member();
        var site = await market.Site(owner, "CN-GZ", new { resourceClass = "VCPU", total = 512 });

        using var missing = await MarketFixture.PutInventory(owner, site, null, new { inventories = new[] { new { resourceClass = "VCPU", total = 1024 } } });
        using var stale = await MarketFixture.PutInventory(owner, site, "\"1\"", new { inventories = new[] { new { resourceClass = "VCPU", total = 1024 } } });
        using var fresh = await MarketFixture.PutInventory(owner, site, "\"2\"", new { inventories = new[] { new { resourceClass = "VCPU", total = 1024, reserved = 24 } } });

        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Contains("If-Match", (await missing.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(412, (int)stale.StatusCode);
        Assert.Equal(200, (int)fresh.StatusCode);
        Assert.Equal("\"3\"", fresh.Headers.ETag!.Tag);
        var read = await market.Http.GetNode($"/api/compute/sites/{site}");
        Assert.Equal(1000, (long)read["inventories"]![0]!["free"]!);
        Assert.Equal(3, (await market.Http.GetNode($"/api/compute/sites/{site}/history")).AsArray().Count);
    }

    [Fact]
    public async Task Bad_inventory_and_bad_sites_are_400_naming_each_field_and_write_nothing()
    {
        var (_, owner) = await market.Member();
        var site = await market.Site(owner, "CN", new { resourceClass = "MEMORY_GIB", total = 4096 });

        using var bad = await MarketFixture.PutInventory(owner, site, "\"2\"", new
        {
            inventories = new object[]
            {
                new { resourceClass = "GPU:h100", total = 8 },
                new { resourceClass = "VCPU", total = 8, reserved = 9 },
                new { resourceClass = $"ACCELERATOR:{Guid.NewGuid()}", total = 8, minUnit = 4, maxUnit = 2, stepSize = 0 },
            },
        });
        using var badSite = await owner.Post("/api/compute/sites", new { name = "", region = "Guangdong", @operator = "x", pue = 0.5m, energySource = "coal?" });

        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal(["inventories[0].resourceClass", "inventories[1].reserved", "inventories[2].stepSize", "inventories[2].maxUnit"],
            (await bad.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(400, (int)badSite.StatusCode);
        Assert.Equal(["name", "region", "energySource", "pue"], (await badSite.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(2, (await market.Http.GetNode($"/api/compute/sites/{site}/history")).AsArray().Count);
    }

    [Fact]
    public async Task Another_member_and_a_reviewer_may_not_touch_a_site_and_nothing_changes()
    {
        var (_, owner) = await market.Member();
        var (_, other) = await market.Member();
        var (_, reviewer) = await market.Member("reviewer");
        var site = await market.Site(owner, "CN-NM", new { resourceClass = "VCPU", total = 64 });
        var offer = await market.Offer(owner, site, "VCPU", 16, 0.2m);
        var request = await market.Request(owner, "VCPU", 1, 1m, []);
        var body = new { inventories = new[] { new { resourceClass = "VCPU", total = 1 } } };

        var answers = new List<int>();
        foreach (var caller in new[] { other, reviewer })
        {
            using (var r = await MarketFixture.PutInventory(caller, site, "\"2\"", body)) answers.Add((int)r.StatusCode);
            using (var r = await caller.Post("/api/compute/offers", new { siteId = site, resourceClass = "VCPU", units = 1, pricePerUnitHour = 1, currency = "CNY", window = MarketFixture.Window() })) answers.Add((int)r.StatusCode);
            using (var r = await caller.Post($"/api/compute/offers/{offer}/withdrawal", new { })) answers.Add((int)r.StatusCode);
            using (var r = await caller.Post($"/api/compute/requests/{request}/withdrawal", new { })) answers.Add((int)r.StatusCode);
            using (var r = await caller.Post($"/api/compute/requests/{request}/leases", new { offerId = offer })) answers.Add((int)r.StatusCode);
        }
        using (var r = await reviewer.Post("/api/compute/sites", new { name = "Mine", region = "CN", @operator = "x" })) answers.Add((int)r.StatusCode);
        using (var r = await reviewer.Post("/api/compute/requests", new { resourceClass = "VCPU", units = 1, maxPricePerUnitHour = 1, currency = "CNY", window = MarketFixture.Window() })) answers.Add((int)r.StatusCode);
        using (var r = await reviewer.GetAsync($"/api/compute/requests/{request}/candidates")) answers.Add((int)r.StatusCode);
        using (var r = await reviewer.GetAsync("/api/compute/leases")) answers.Add((int)r.StatusCode);

        // Another member's request is not shown at all (404), the rest is 403; a reviewer never acts for its member (403).
        Assert.Equal([403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403], answers);
        Assert.Equal(2, (await market.Http.GetNode($"/api/compute/sites/{site}/history")).AsArray().Count);
        Assert.Equal("open", (string)(await market.Http.GetNode($"/api/compute/offers/{offer}"))["status"]!);
        Assert.Equal("open", (string)(await owner.GetNode($"/api/compute/requests/{request}"))["status"]!);
    }
}
