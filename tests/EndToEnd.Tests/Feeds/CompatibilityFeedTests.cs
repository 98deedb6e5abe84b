using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Feeds;

/// <summary>
/// Compatibility's Atom feeds through the gateway, read with a real feed parser (System.ServiceModel.Syndication's
/// Atom 1.0 formatter): a product's certification changes, a standard's versions, and the certifications expiring
/// within 30 days by Compatibility's (test) clock. Ids are urn:uuid and stay the same; links are absolute.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CompatibilityFeedTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private readonly CompatibilityFlowTests _compatibility = new(platform);
    private HttpClient Sec => platform.Secretariat;
    private static readonly object Pass = new[] { new { requirementId = "R1", outcome = "pass" } };

    /// <summary>The feed as a reader gets it: Atom's content type, parsed by the Atom 1.0 formatter (which refuses what is not Atom).</summary>
    private async Task<SyndicationFeed> Feed(string path)
    {
        using var response = await platform.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = XmlReader.Create(body);
        var formatter = new Atom10FeedFormatter();
        Assert.True(formatter.CanRead(reader));
        formatter.ReadFrom(reader);
        var feed = formatter.Feed;
        Assert.StartsWith("urn:uuid:", feed.Id);
        Assert.NotEqual(default, feed.LastUpdatedTime);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.IsAbsoluteUri && l.Uri.ToString() == $"{platform.Gateway.Url}{path}");
        foreach (var item in feed.Items)
        {
            Assert.Matches("^urn:uuid:[0-9a-f-]{36}$", item.Id);
            Assert.NotEqual(default, item.LastUpdatedTime);
            Assert.NotEmpty(item.Authors);
            Assert.Contains(item.Links, l => l.RelationshipType == "alternate" && l.Uri.IsAbsoluteUri && l.Uri.ToString().StartsWith(platform.Gateway.Url + "/"));
        }
        return feed;
    }

    private async Task<(Guid Product, string Name, HttpClient Vendor)> Product(string code)
    {
        var vendor = await platform.Member($"Feed Vendor {Guid.NewGuid():N}", "member-admin");
        await _compatibility.VendorKnown(vendor.MemberId);
        var name = $"Feed Box {Guid.NewGuid():N}";
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name, type = "server" })).Read())["productId"]!;
        return (product, name, vendor.Client);
    }

    private async Task<string> Standard(int months)
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await Sec.Post("/api/standards", new { code, title = "Feed test", committeeId = committee, validity = new { kind = "fixed", months } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs" } } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions/1.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-200), source = "test" })).EnsureSuccessStatusCode();
        return code;
    }

    private static async Task<Guid> Submit(HttpClient vendor, Guid product, string productVersion, string code) =>
        (Guid)(await (await vendor.Post("/api/certifications", new { productId = product, productVersion, standard = code, version = "1.0", results = Pass })).Read())["certificationId"]!;

    [Fact]
    public async Task A_granted_then_revoked_certification_shows_both_entries_in_the_products_feed()
    {
        var code = await Standard(24);
        var (product, name, vendor) = await Product(code);
        var reviewer = await platform.Member($"Feed Lab {Guid.NewGuid():N}", "reviewer");
        var path = $"/api/products/{product}/certifications.atom";
        Assert.Empty((await Feed(path)).Items); // registered, nothing certified yet: a valid, empty feed

        var certification = await Submit(vendor, product, "3.1", code);
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/certifications/{certification}/revocation", new { reason = "Failed the re-test <b>twice</b>" })).EnsureSuccessStatusCode();

        var feed = await Feed(path);
        Assert.Contains(name, feed.Title.Text);
        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        // Newest first: revoked, certified, submitted.
        Assert.Equal([$"{name} 3.1 — {code} 1.0: revoked", $"{name} 3.1 — {code} 1.0: certified", $"{name} 3.1 — {code} 1.0: submitted for review"], titles);
        var revoked = feed.Items.First();
        Assert.Equal("Failed the re-test <b>twice</b>", revoked.Summary.Text); // text, escaped by the writer, read back as it was
        Assert.Equal($"{platform.Gateway.Url}/products/{product}", revoked.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.True(feed.LastUpdatedTime >= revoked.LastUpdatedTime);
        // The ids are the events': the same on every read.
        Assert.Equal(feed.Items.Select(i => i.Id), (await Feed(path)).Items.Select(i => i.Id));
        Assert.Equal(3, feed.Items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_version_ratified_by_ballot_appears_in_the_standards_feed()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await _compatibility.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var path = $"/api/standards/{code}/versions.atom";

        var feed = await Feed(path);
        Assert.Equal([$"{code} 2.0: ratified", $"{code} 2.0: put to ballot for ratification", $"{code} 2.0: proposed"], feed.Items.Select(i => i.Title.Text));
        var ratified = feed.Items.First();
        var decision = (await platform.Http.GetNode($"/api/decisions?subjectReference={code}/2.0"))["items"]![0]!["decisionId"]!.ToString();
        Assert.Contains(decision, ratified.Summary.Text);
        Assert.Equal($"{platform.Gateway.Url}/standards/{code}", ratified.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal(feed.LastUpdatedTime, ratified.LastUpdatedTime);

        // A newer version, ratified historically: the older one is superseded, one more entry.
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "2.1", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs" } } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions/2.1/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow, source = "test" })).EnsureSuccessStatusCode();
        var again = await Feed(path);
        Assert.Contains(again.Items, i => i.Title.Text == $"{code} 2.0: superseded by 2.1");
        Assert.Contains(again.Items, i => i.Title.Text == $"{code} 2.1: ratified");
        Assert.Subset(again.Items.Select(i => i.Id).ToHashSet(), feed.Items.Select(i => i.Id).ToHashSet()); // the earlier entries keep their ids
    }

    [Fact]
    public async Task The_expiring_feed_lists_a_certification_ending_in_20_days_and_not_one_ending_in_40_by_compatibilitys_clock()
    {
        var code = await Standard(2);
        var (product, name, vendor) = await Product(code);
        var now = DateTimeOffset.UtcNow;
        // Historical grants (secretariat) under a two-month rule: ends about 20 and about 40 days from now.
        async Task<DateTimeOffset> Granted(string productVersion, DateTimeOffset from)
        {
            var certification = await Submit(vendor, product, productVersion, code);
            using var granted = await Sec.Post($"/api/certifications/{certification}/grant", new { effectiveAt = from, source = "test" });
            granted.EnsureSuccessStatusCode();
            return (DateTimeOffset)(await granted.Read())["validUntil"]!;
        }
        var soon = await Granted("20d", now.AddDays(20).AddMonths(-2));
        var later = await Granted("40d", now.AddDays(40).AddMonths(-2));
        Assert.InRange(soon - now, TimeSpan.FromDays(16), TimeSpan.FromDays(21));
        Assert.InRange(later - now, TimeSpan.FromDays(36), TimeSpan.FromDays(41));

        var feed = await Feed("/api/certifications/expiring.atom");
        var mine = feed.Items.Where(i => i.Title.Text.StartsWith(name)).Select(i => i.Title.Text).ToList();
        Assert.Equal([$"{name} 20d: {code} 1.0 expires on {soon.UtcDateTime:yyyy-MM-dd}"], mine);
        var entry = feed.Items.Single(i => i.Title.Text.StartsWith(name));
        Assert.Equal($"{platform.Gateway.Url}/products/{product}", entry.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal(entry.Id, (await Feed("/api/certifications/expiring.atom")).Items.Single(i => i.Title.Text.StartsWith(name)).Id);
        // A wider window takes both.
        Assert.Equal(2, (await Feed("/api/certifications/expiring.atom?days=60")).Items.Count(i => i.Title.Text.StartsWith(name)));

        // The window is Compatibility's clock, not the machine's: 15 days earlier, the first is 35 days away and not listed.
        await using (await ServiceClock.MoveTo(platform.Direct, platform.Compatibility, now.AddDays(-15)))
            Assert.DoesNotContain((await Feed("/api/certifications/expiring.atom")).Items, i => i.Title.Text.StartsWith(name));
        // (Moved back, not forward: forward, the expiry worker would end other tests' certifications on the shared platform.)
        Assert.Single((await Feed("/api/certifications/expiring.atom")).Items, i => i.Title.Text.StartsWith(name));
    }

    [Fact]
    public async Task Unknown_products_and_standards_are_404_problems_and_a_bad_window_names_its_field()
    {
        foreach (var path in new[] { $"/api/products/{Guid.NewGuid()}/certifications.atom", "/api/standards/NO-SUCH-STD/versions.atom" })
        {
            using var missing = await platform.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
        foreach (var days in new[] { "0", "366" })
        {
            using var bad = await platform.Http.GetAsync($"/api/certifications/expiring.atom?days={days}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.NotNull((await bad.Read())["errors"]!["days"]);
        }
    }
}
