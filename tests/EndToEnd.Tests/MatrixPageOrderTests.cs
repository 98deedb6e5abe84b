using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// A matrix page is read in the order of its index and its total from per-day grant counters (MatrixOrder): the
/// order a user sees must follow a product's current name, and the total must be what the paged rows add up to,
/// as of now and as of an instant between two grants.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MatrixPageOrderTests(PlatformFixture platform)
{
    private readonly CompatibilityFlowTests _flow = new(platform);
    private readonly BallotFlowTests _ballots = new(platform);

    [Fact]
    public async Task Pages_follow_the_products_current_names_and_the_total_counts_grants_up_to_the_instant()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await _flow.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Ordering Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Ordering Lab {Guid.NewGuid():N}", "reviewer");
        await _flow.VendorKnown(vendor.MemberId);
        var grantedAt = new List<DateTimeOffset>();
        var products = new Dictionary<string, Guid>();
        foreach (var name in new[] { "Zeta", "Alpha", "Mid" })
        {
            var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name, type = "server" })).Read())["productId"]!;
            products[name] = product;
            var certification = (Guid)(await (await vendor.Client.Post("/api/certifications",
                new { productId = product, productVersion = "1", standard = code, version = "2.0", results = CompatibilityFlowTests.Results() })).Read())["certificationId"]!;
            (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
            grantedAt.Add(DateTimeOffset.UtcNow);
            await Task.Delay(20);
        }

        async Task Page(int page, int total, string[] names, DateTimeOffset? asOf = null)
        {
            var node = await platform.Http.GetNode($"/api/matrix?standard={code}&pageSize=2&page={page}{(asOf is { } at ? "&asOf=" + Uri.EscapeDataString(at.ToString("O")) : "")}");
            Assert.Equal(total, (int)node["total"]!);
            Assert.Equal(names, node["items"]!.AsArray().Select(i => (string)i!["productName"]!));
        }

        await Page(1, 3, ["Alpha", "Mid"]);
        await Page(2, 3, ["Zeta"]);
        // Between the first grant and the second only Zeta was certified.
        await Page(1, 1, ["Zeta"], grantedAt[0].AddMilliseconds(5));
        await Page(1, 0, [], grantedAt[0].AddMinutes(-10));

        // A rename moves the product in the order (its name is kept beside each certification for the index).
        (await vendor.Client.Post($"/api/products/{products["Zeta"]}/name", new { name = "Aardvark" })).EnsureSuccessStatusCode();
        await Page(1, 3, ["Aardvark", "Alpha"]);
        await Page(2, 3, ["Mid"]);
    }
}
