using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Certifications end when their rule says, as the public sees it: a later-of end fixed by the next version and
/// met when Compatibility's clock passes it (a moved test clock, no sleeping), and historical submissions checked
/// as of their own date.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CertificationValidityTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    private async Task<string> Standard(object validity, params string[] versions)
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await Sec.Post("/api/standards", new { code, title = "Validity test", committeeId = committee, validity, certifiableEarlierVersions = 5 })).EnsureSuccessStatusCode();
        foreach (var version in versions)
            (await Sec.Post($"/api/standards/{code}/versions", new { version, requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the suite" } } })).EnsureSuccessStatusCode();
        return code;
    }

    private Task Ratify(string code, string version, DateTimeOffset at) =>
        Sec.Post($"/api/standards/{code}/versions/{version}/historical-ratification", new { effectiveAt = at, source = "test" }).ContinueWith(t => t.Result.EnsureSuccessStatusCode());

    /// <summary>A member admitted in the past (the secretariat's historical mode), known to Compatibility as a vendor since then.</summary>
    internal static async Task<Guid> HistoricalVendor(PlatformFixture platform, string name, DateTimeOffset since)
    {
        var id = (Guid)(await (await platform.Secretariat.Post("/api/members/applications", new { name, kind = "company", effectiveAt = since, source = "test" })).Read())["memberId"]!;
        (await platform.Secretariat.Post($"/api/members/{id}/admission", new { tier = "general", effectiveAt = since, source = "test" })).EnsureSuccessStatusCode();
        await Arrivals.InVendorDirectory(platform.Http, id);
        return id;
    }

    private static object Pass => new[] { new { requirementId = "R1", outcome = "pass" } };

    private async Task<IEnumerable<string>> History(Guid certification) =>
        (await platform.Http.GetNode($"/api/certifications/{certification}/history")).AsArray().Select(e => (string)e!["type"]!).ToList();

    [Fact]
    public async Task A_later_of_certification_gets_its_end_from_the_next_version_and_expires_when_the_clock_passes_it()
    {
        // One month each way keeps the clock's jump short (other certifications of the shared platform stay as they are).
        var code = await Standard(new { kind = "later-of", months = 1, monthsAfterNext = 1 }, "1.0", "2.0");
        await Ratify(code, "1.0", DateTimeOffset.UtcNow.AddDays(-30));
        var vendor = await platform.Member($"Later-of Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Later-of Lab {Guid.NewGuid():N}", "reviewer");
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Later-of Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "1.0", results = Pass })).Read())["certificationId"]!;
        var granted = await (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).Read();
        var validFrom = (DateTimeOffset)granted["validFrom"]!;
        var check = $"/api/matrix/check?product={product}&standard={code}";
        Assert.Null((await platform.Http.GetNode(check))["validUntil"]); // no next version yet: no end yet

        // The next version, ratified a day ago: the end is the later of a month after the grant and a month after that.
        await Ratify(code, "2.0", DateTimeOffset.UtcNow.AddDays(-1));
        await Eventually.True(async () => (await History(certification)).Contains("certification_validity_fixed"), "the end is recorded on the certification");
        var until = validFrom.AddMonths(1);
        Assert.InRange((DateTimeOffset)(await platform.Http.GetNode(check))["validUntil"]! - until, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.Equal("superseded", (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]!.AsArray().Single(v => (string)v!["version"]! == "1.0")!["status"]!);

        await using (await ServiceClock.MoveTo(platform.Direct, platform.Compatibility, until.AddDays(1)))
        {
            await Eventually.True(async () => (await History(certification)).Contains("certification_expired"), "expired when its end passed");
            var now = await platform.Http.GetNode(check);
            Assert.Equal("expired", (string)now["status"]!);
            Assert.False((bool)now["compatible"]!);
            Assert.Contains(">expired<", await platform.Http.GetStringAsync($"/api/badges/{certification}.svg"));
            var before = await platform.Http.GetNode($"{check}&asOf={Uri.EscapeDataString(until.AddDays(-1).ToString("O"))}");
            Assert.Equal("certified", (string)before["status"]!);
            // The replay of the events agrees with the table on both sides of the end.
            Assert.Equal("expired", (string)(await platform.Http.GetNode($"{check}&replay=true"))["status"]!);
            Assert.Equal(["certification_submitted", "certification_granted", "certification_validity_fixed", "certification_expired"], await History(certification));
        }
    }

    [Fact]
    public async Task A_grant_recorded_after_the_next_version_has_its_end_at_once_counted_from_the_version_s_ratification()
    {
        // Certified Kubernetes: the later of 12 months after the release of x.y and 9 months after the release of x.y+1.
        var code = await Standard(new { kind = "later-of", months = 12, monthsAfterNext = 9, from = "ratification" }, "1.0", "2.0");
        var released = DateTimeOffset.UtcNow.AddMonths(-30);
        var next = released.AddMonths(5);
        await Ratify(code, "1.0", released);
        await Ratify(code, "2.0", next);
        var vendor = await platform.Member($"K8s-like Vendor {Guid.NewGuid():N}");
        var product = (Guid)(await (await Sec.Post("/api/products", new { vendorId = vendor.MemberId, name = "K8s-like", type = "distribution" })).Read())["productId"]!;
        // Vendors in these tests are admitted today; a historical submission needs standing as of its date, so it is recorded as of now.
        var certification = (Guid)(await (await Sec.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "1.0", results = Pass })).Read())["certificationId"]!;
        var reviewer = await platform.Member($"K8s-like Lab {Guid.NewGuid():N}", "reviewer");
        var grant = await (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).Read();
        // The grant is today; the end counts from the ratification of 1.0 and of 2.0, both long past: it is expired at once.
        Assert.InRange((DateTimeOffset)grant["validUntil"]! - next.AddMonths(9), TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        await Eventually.True(async () => (await History(certification)).Contains("certification_expired"), "expired by the worker");
        Assert.Equal("expired", (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]!);
    }

    [Fact]
    public async Task Historical_submissions_check_the_vendor_s_standing_and_the_prerequisites_as_of_their_date()
    {
        var longAgo = DateTimeOffset.UtcNow.AddYears(-5);
        var baseCode = await Standard(new { kind = "fixed", months = 12 }, "1.0");
        await Ratify(baseCode, "1.0", longAgo);
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var profile = CompatibilityFlowTests.NewCode();
        (await Sec.Post("/api/standards", new { code = profile, title = "Profile", committeeId = committee })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{profile}/versions", new
        {
            version = "1.0",
            requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the profile" } },
            prerequisites = new[] { new { standardCode = baseCode, version = (string?)null } },
        })).EnsureSuccessStatusCode();
        await Ratify(profile, "1.0", longAgo);
        async Task<System.Text.Json.Nodes.JsonNode> Submit(Guid product, string code, DateTimeOffset at) =>
            await (await Sec.Post("/api/certifications", new { productId = product, productVersion = at.Year.ToString(), standard = code, version = "1.0", effectiveAt = at, source = $"test-{Guid.NewGuid():N}", results = Pass })).Read();

        // A vendor admitted today has no standing two years ago.
        var newcomer = await platform.Member($"Newcomer {Guid.NewGuid():N}");
        var newProduct = (Guid)(await (await Sec.Post("/api/products", new { vendorId = newcomer.MemberId, name = "New Box", type = "server" })).Read())["productId"]!;
        var early = await Submit(newProduct, baseCode, DateTimeOffset.UtcNow.AddYears(-2));
        Assert.Equal("checks-failed", (string)early["status"]!);
        Assert.Contains(early["checksFailed"]!.AsArray(), f => ((string)f!).StartsWith("vendor-not-in-good-standing: the vendor is not-yet-admitted", StringComparison.Ordinal));

        // A vendor admitted four years ago that has left since keeps the right to have its past recorded.
        var id = await HistoricalVendor(platform, $"Departed Vendor {Guid.NewGuid():N}", longAgo.AddYears(1));
        var product = (Guid)(await (await Sec.Post("/api/products", new { vendorId = id, name = "Old Box", type = "server" })).Read())["productId"]!;
        var issued = await (await Sec.Post($"/api/members/{id}/credentials", new { role = "member-admin" })).Read();
        var admin = platform.Client(await AccessTokens.Get(platform.Http, (string)issued["clientId"]!, (string)issued["clientSecret"]!));
        (await admin.Post($"/api/members/{id}/withdrawal", new { reason = "Left the market" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => (int)(await platform.Http.GetNode($"/api/vendors?member={id}"))["total"]! == 0, "Compatibility knows it left");

        var baseAt = DateTimeOffset.UtcNow.AddYears(-3);
        var baseSubmission = await Submit(product, baseCode, baseAt);
        Assert.Equal("submitted", (string)baseSubmission["status"]!);
        var baseCertification = (Guid)baseSubmission["certificationId"]!;
        (await Sec.Post($"/api/certifications/{baseCertification}/grant", new { effectiveAt = baseAt, source = "test" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => (await History(baseCertification)).Contains("certification_expired"), "the base certification ran out two years ago");

        // The profile needs a base certification valid on its own date: there was one half a year after the base's grant, not two years later.
        Assert.Equal("submitted", (string)(await Submit(product, profile, baseAt.AddMonths(6)))["status"]!);
        var late = await Submit(product, profile, baseAt.AddMonths(18));
        Assert.Contains(late["checksFailed"]!.AsArray(), f => ((string)f!).StartsWith("prerequisite-missing", StringComparison.Ordinal));
        // And before the base was granted there was none either.
        var tooEarly = await Submit(product, profile, baseAt.AddMonths(-6));
        Assert.Contains(tooEarly["checksFailed"]!.AsArray(), f => ((string)f!).StartsWith("prerequisite-missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_historical_rename_and_transfer_need_the_secretariat_and_the_new_owner_s_standing_on_their_date()
    {
        var seller = await HistoricalVendor(platform, $"Seller {Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddYears(-2));
        var buyer = await HistoricalVendor(platform, $"Buyer {Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddYears(-1));
        var product = (Guid)(await (await Sec.Post("/api/products", new { vendorId = seller, name = "Fuga Cloud", type = "hosted-platform" })).Read())["productId"]!;
        var issued = await (await Sec.Post($"/api/members/{seller}/credentials", new { role = "member-admin" })).Read();
        var sellerAdmin = platform.Client(await AccessTokens.Get(platform.Http, (string)issued["clientId"]!, (string)issued["clientSecret"]!));

        var renamedAt = DateTimeOffset.UtcNow.AddMonths(-18);
        Assert.Equal(HttpStatusCode.Forbidden, (await sellerAdmin.Post($"/api/products/{product}/name", new { name = "Cyso Cloud", effectiveAt = renamedAt, source = "test" })).StatusCode);
        using var future = await Sec.Post($"/api/products/{product}/name", new { name = "Cyso Cloud", effectiveAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.NotNull((await future.Read())["errors"]!["effectiveAt"]);
        (await Sec.Post($"/api/products/{product}/name", new { name = "Cyso Cloud", effectiveAt = renamedAt, source = "test" })).EnsureSuccessStatusCode();

        // The buyer joined a year ago: it could not take the product over eighteen months ago, and could six months ago.
        using var early = await Sec.Post($"/api/products/{product}/transfer", new { toVendorId = buyer, effectiveAt = renamedAt, source = "test" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("vendor-not-in-good-standing", (string)(await early.Read())["rule"]!);
        var transferredAt = DateTimeOffset.UtcNow.AddMonths(-6);
        (await Sec.Post($"/api/products/{product}/transfer", new { toVendorId = buyer, effectiveAt = transferredAt, source = "test" })).EnsureSuccessStatusCode();

        Assert.Equal(buyer, (Guid)(await platform.Http.GetNode($"/api/products/{product}"))["product"]!["vendorId"]!);
        var history = (await platform.Http.GetNode($"/api/products/{product}/history")).AsArray();
        Assert.Equal(["product_registered", "product_renamed", "product_transferred"], history.Select(e => (string)e!["type"]!));
        Assert.InRange((DateTimeOffset)history[1]!["data"]!["renamedAt"]! - renamedAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        Assert.InRange((DateTimeOffset)history[2]!["data"]!["transferredAt"]! - transferredAt, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
    }
}
