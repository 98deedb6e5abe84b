using System.Net;
using System.Text.RegularExpressions;
using Alliance.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Alliance.EndToEnd.Tests.Portal;

/// <summary>The Portal in real Chromium, through the gateway, against the real services.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PortalBrowserTests(PlatformFixture platform)
{
    private readonly CompatibilityFlowTests _compatibility = new(platform);
    private readonly BallotFlowTests _ballots = new(platform);
    private string Site => platform.Gateway.Url;

    /// <summary>A product of a new vendor, certified now for a freshly ratified standard version.</summary>
    private async Task<(Guid Product, Guid Certification, string Name)> CertifiedProduct()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await _compatibility.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Portal Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Portal Lab {Guid.NewGuid():N}", "reviewer");
        await _compatibility.VendorKnown(vendor.MemberId);
        var name = $"Ascend Box {Guid.NewGuid().ToString("N")[..6]}";
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name, nameZh = "昇腾盒子", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications",
            new { productId = product, productVersion = "3.1", standard = code, version = "2.0", results = CompatibilityFlowTests.Results() })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        return (product, certification, name);
    }

    [Fact]
    public async Task The_finder_finds_a_certified_product_by_name_and_the_as_of_date_changes_the_view()
    {
        var (_, _, name) = await CertifiedProduct();
        await using var context = await Browser.NewContext();
        var page = await context.NewPageAsync();

        await page.GotoAsync(Site + "/");
        await page.GetByLabel("Product, vendor or standard").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var row = page.Locator("table.results tbody tr", new() { HasText = name });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".status")).ToHaveTextAsync("certified");
        await Expect(page.Locator("#csv-export")).ToHaveAttributeAsync("href", new Regex($"^/api/matrix\\.csv\\?q={Regex.Escape(Uri.EscapeDataString(name))}"));
        await Browser.Screenshot(page, "finder");

        await page.GetByLabel("As of (date)").FillAsync(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("table.results")).ToHaveCountAsync(0);
        await Expect(page.GetByText("No certification matches.")).ToBeVisibleAsync();

        await page.GetByLabel("As of (date)").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("table.results tbody tr", new() { HasText = name })).ToHaveCountAsync(1);

        var csv = await platform.Http.GetStringAsync(await page.Locator("#csv-export").GetAttributeAsync("href"));
        Assert.Contains(name, csv);
    }

    [Fact]
    public async Task A_product_page_shows_the_certification_and_copies_the_badge_snippet()
    {
        var (product, certification, name) = await CertifiedProduct();
        await using var context = await Browser.NewContext();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Site });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{Site}/?q={Uri.EscapeDataString(name)}");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{Site}/products/{product}");
        await Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Expect(page.Locator(".certification .status").First).ToHaveTextAsync("certified");
        await Expect(page.GetByText("1 of 2 requirements passed.")).ToBeVisibleAsync();
        await page.GetByText("History").ClickAsync();
        await Expect(page.Locator(".timeline li")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator(".copied")).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Contains($"{Site}/api/badges/{certification}.svg", copied);
        Assert.Contains($"{Site}/products/{product}", copied);
        using var badge = await platform.Http.GetAsync($"/api/badges/{certification}.svg");
        Assert.Equal(HttpStatusCode.OK, badge.StatusCode);
        await Browser.Screenshot(page, "product");
    }

    [Fact]
    public async Task The_language_follows_accept_language_and_the_switch()
    {
        await using var chinese = await Browser.NewContext("zh-CN");
        var page = await chinese.NewPageAsync();
        await page.GotoAsync(Site + "/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("兼容性查询");
        await Browser.Screenshot(page, "finder-zh");

        await page.Locator("#switch-language").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Compatibility finder");
        await page.GotoAsync(Site + "/decisions");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Decision log");

        await page.Locator("#switch-language").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("决议记录");
        await Expect(page).ToHaveURLAsync(Site + "/decisions");
    }

    [Fact]
    public async Task A_member_signs_in_votes_on_a_ballot_and_sees_the_recorded_vote()
    {
        var voter = await platform.Member($"Portal Voter {Guid.NewGuid():N}");
        var pool = (await platform.Pool(2)).Append(new PlatformFixture.PoolMember(voter.MemberId, "voter", voter.Client)).ToList();
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await _ballots.Open(committee, "simple-majority");
        await using var context = await Browser.NewContext();
        var anonymous = await context.NewPageAsync();
        await anonymous.GotoAsync(Site + "/workspace");
        await Expect(anonymous).ToHaveURLAsync(new Regex("/signin"));

        var page = await Browser.SignedIn(context, Site, voter.ClientId, voter.Secret);
        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "alliance.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.Locator($"a[href='/workspace/ballots/{ballot}']").ClickAsync();
        await page.GetByLabel("yes").CheckAsync();
        await page.GetByLabel("Reason").FillAsync("Interoperable with our servers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cast vote" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToHaveTextAsync("Your vote was recorded.");
        await Expect(page.Locator("#my-vote")).ToContainTextAsync("yes — Interoperable with our servers");
        await Browser.Screenshot(page, "ballot");
        var votes = (await platform.Http.GetNode($"/api/ballots/{ballot}/votes")).AsArray();
        Assert.Equal("yes", (string)votes.Single(v => (Guid)v!["memberId"]! == voter.MemberId)!["position"]!);

        await page.GetByLabel("no", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Change vote" }).ClickAsync();
        await Expect(page.Locator("#my-vote")).ToContainTextAsync("no");
    }

    [Fact]
    public async Task A_form_with_an_error_shows_the_message_beside_the_field_in_the_pages_language()
    {
        var member = await platform.Member($"Portal Proposer {Guid.NewGuid():N}");
        await using var context = await Browser.NewContext();
        var page = await Browser.SignedIn(context, Site, member.ClientId, member.Secret);

        await page.GotoAsync(Site + "/workspace/projects/new");
        await page.GetByLabel("Summary").FillAsync("Joint work on an open accelerator runtime.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();

        await Expect(page.Locator("#ProjectTitle-error")).ToHaveTextAsync("This field is required.");
        await Expect(page.Locator("#ProjectTitle")).ToHaveAttributeAsync("aria-describedby", "ProjectTitle-error");
        await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("Joint work on an open accelerator runtime.");
        await Browser.Screenshot(page, "form-error");

        await page.Locator("#switch-language").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.Locator("#ProjectTitle-error")).ToHaveTextAsync("此项为必填项。");
    }

    [Fact]
    public async Task Pages_work_without_javascript_and_every_form_posts_with_an_antiforgery_token()
    {
        await using var context = await Browser.NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Site + "/signin");
        Assert.Equal(1, await page.Locator("form[method=post] input[name=__RequestVerificationToken]").CountAsync());

        using var forged = new HttpClient { BaseAddress = new Uri(Site) };
        using var refused = await forged.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["ClientId"] = "x", ["ClientSecret"] = "y" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        await using var noScript = await Browser.NewContext(javaScript: false);
        var plain = await noScript.NewPageAsync();
        await plain.GotoAsync(Site + "/open-source");
        await plain.GetByLabel("SPDX licence expression").FillAsync("GPL-3.0-only OR MIT");
        await plain.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(plain.Locator(".verdict")).ToContainTextAsync("OR takes the best option");
        await Browser.Screenshot(plain, "licence-checker");
    }
}
