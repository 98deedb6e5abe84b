using Alliance.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Alliance.EndToEnd.Tests.Portal;

/// <summary>The secretariat's and a vendor's work in the Portal, in real Chromium.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WorkspaceBrowserTests(PlatformFixture platform)
{
    private readonly CompatibilityFlowTests _compatibility = new(platform);
    private readonly BallotFlowTests _ballots = new(platform);
    private string Site => platform.Gateway.Url;

    [Fact]
    public async Task The_secretariat_admits_an_applicant_from_the_queue()
    {
        var name = $"Applicant Lab {Guid.NewGuid():N}";
        var applied = await (await platform.Http.Post("/api/members/applications",
            new { name, kind = "institute", country = "CN", website = "https://lab.example.cn", contactEmail = "office@lab.example.cn" })).Read();
        var id = (Guid)applied["memberId"]!;
        await using var context = await Browser.NewContext();
        var page = await Browser.SignedIn(context, Site, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret);

        var row = page.Locator("li", new() { HasText = name });
        await row.GetByLabel("Tier").SelectOptionAsync("academic");
        await row.GetByRole(AriaRole.Button, new() { Name = "Admit" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToHaveTextAsync("The member was admitted.");
        await Expect(page.Locator("li", new() { HasText = name })).ToHaveCountAsync(0);
        var member = await platform.Http.GetNode($"/api/members/{id}");
        Assert.Equal(("admitted", "academic"), ((string)member["status"]!, (string)member["tier"]!));
    }

    [Fact]
    public async Task A_vendor_submits_a_certification_and_sees_the_automatic_checks()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await _compatibility.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Portal Submitter {Guid.NewGuid():N}", "member-admin");
        await _compatibility.VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Kunlun R480", type = "server" })).Read())["productId"]!;
        await using var context = await Browser.NewContext();
        var page = await Browser.SignedIn(context, Site, vendor.ClientId, vendor.Secret);

        await page.GetByRole(AriaRole.Link, new() { Name = "Submit a certification" }).ClickAsync();
        await page.GetByLabel("Product", new() { Exact = true }).SelectOptionAsync(product.ToString());
        await page.GetByLabel("Standard").SelectOptionAsync(code);
        await page.GetByLabel("Version").FillAsync("2.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Product version").FillAsync("7.2");
        await page.Locator("#outcome-R1").SelectOptionAsync("fail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(page.Locator(".notice")).ToContainTextAsync("checks failed");
        await Expect(page.Locator(".notice li")).ToContainTextAsync("must-not-passed: R1");
        await Browser.Screenshot(page, "certification-submitted");
        await page.GotoAsync(Site + "/workspace");
        await Expect(page.Locator("#my-products ~ ul li", new() { HasText = code })).ToContainTextAsync("must-not-passed");
    }
}
