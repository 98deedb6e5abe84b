using System.Net;
using System.Text.RegularExpressions;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Portal;

/// <summary>What the Portal's pages say, read as plain HTTP through the gateway: the language, the encoding, the order of things.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PortalLanguageTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);

    private async Task<(string Html, HttpResponseMessage Response)> Page(string path, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, platform.Gateway.Url + path);
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var client = new HttpClient();
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        return (html, response);
    }

    /// <summary>The text a reader sees in one element: tags removed, entities decoded.</summary>
    private static string Text(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [Theory]
    [InlineData("zh")]
    [InlineData("zh-Hans")]
    [InlineData("zh-TW")]
    [InlineData("zh-CN,en;q=0.8")]
    public async Task Any_chinese_accept_language_gives_the_chinese_page_as_utf8_text(string acceptLanguage)
    {
        var (html, response) = await Page("/", acceptLanguage);

        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet, ignoreCase: true);
        Assert.Contains("兼容性查询", html);
        Assert.DoesNotMatch("&#x[0-9A-F]{4};", html);
    }

    [Fact]
    public async Task A_decision_on_a_chinese_page_explains_the_tally_its_formula_and_its_outcome_in_chinese()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("two-thirds-of-cast", pool.Select(m => (m, true)));
        var ballot = await _ballots.Open(committee, "two-thirds-of-cast");
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        (await pool[1].Client.Post($"/api/ballots/{ballot}/votes", new { position = "no" })).EnsureSuccessStatusCode();
        (await platform.Secretariat.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
        var decision = (Guid)(await platform.Http.GetNode("/api/decisions?pageSize=100"))["items"]!.AsArray().First(d => (Guid)d!["ballotId"]! == ballot)!["decisionId"]!;

        var (html, _) = await Page("/decisions", "zh-Hans");
        var article = Regex.Match(html, $"<article aria-labelledby=\"d-{decision}\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        var text = Text(article);

        Assert.Contains("赞成 1，反对 1，弃权 0，未投票 1，有投票权者共 3。", text);
        Assert.Contains("计票：赞成 1，反对 1，弃权 0", text);
        Assert.Contains("赞成票 1 ≥ 赞成+反对 2 的 2/3 ⇔ 1·3 = 3 ≥ 2·2 = 4：不满足", text);
        Assert.Contains("结果：未通过。", text);
        Assert.Contains("lang=\"zh-CN\"", article);
        // Nothing English on the Chinese page but names (the ballot's title is the secretariat's) and the time zone, UTC.
        Assert.DoesNotMatch("[A-Za-z]{3,}", text.Replace("Ratify ACI", "").Replace("UTC", ""));

        var english = Text(Regex.Match((await Page("/decisions", "en-GB")).Html, $"<article aria-labelledby=\"d-{decision}\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Contains("yes 1 ≥ 2/3 of yes+no 2 ⇔ 1·3 = 3 ≥ 2·2 = 4: not met", english);
        Assert.Contains("Outcome: rejected.", english);
    }

    [Fact]
    public async Task A_licence_check_on_a_chinese_page_gives_its_verdict_and_reasons_in_chinese()
    {
        var (html, _) = await Page("/open-source?expression=" + Uri.EscapeDataString("MIT OR GPL-3.0-only"), "zh");
        var verdict = Text(Regex.Match(html, "<div class=\"verdict\" role=\"status\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);

        Assert.Contains("OR 取最优的选项：MIT 为允许（许可证政策的规定：Apache A 类", verdict);
        Assert.Contains("GPL-3.0-only", verdict);
        Assert.DoesNotMatch("[A-Za-z]{3,}", Regex.Replace(verdict, @"MIT|GPL-3\.0-only|Apache|CNCF|OR", ""));
    }

    [Fact]
    public async Task An_invalid_licence_expression_on_a_chinese_page_is_explained_in_chinese()
    {
        var (html, _) = await Page("/open-source?expression=" + Uri.EscapeDataString("Apache2 or MIT"), "zh");
        var verdict = Text(Regex.Match(html, "<div class=\"verdict\" role=\"status\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);

        Assert.Contains("第 9 个字符处", verdict);
        Assert.Contains("运算符必须大写（OR）", verdict);
        Assert.DoesNotContain("operators are written", verdict);
    }

    [Fact]
    public async Task A_badge_says_its_status_in_chinese_when_asked()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var compatibility = new CompatibilityFlowTests(platform);
        var code = await compatibility.Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Badge Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Badge Lab {Guid.NewGuid():N}", "reviewer");
        await compatibility.VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Badge Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications",
            new { productId = product, productVersion = "1", standard = code, version = "2.0", results = CompatibilityFlowTests.Results() })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        using var client = new HttpClient { BaseAddress = new Uri(platform.Gateway.Url) };

        var chinese = await client.GetStringAsync($"/api/badges/{certification}.svg?lang=zh");
        var english = await client.GetStringAsync($"/api/badges/{certification}.svg");

        Assert.Contains("<text x=\"175\" y=\"14\">有效</text>", chinese);
        Assert.Contains("<text x=\"175\" y=\"14\">valid</text>", english);
        var page = (await Page($"/products/{product}", "zh-TW")).Html;
        Assert.Contains($"/api/badges/{certification}.svg?lang=zh", page);
    }

    [Fact]
    public async Task The_open_source_stages_appear_in_lifecycle_order()
    {
        var (html, _) = await Page("/open-source", "en-GB");
        var stages = StageHeadings().Matches(html).Select(m => m.Groups[1].Value.Trim()).ToList();

        Assert.Equal(["Proposed", "Sandbox", "Incubating", "Graduated", "Archived"], stages);
    }

    [Fact]
    public async Task The_version_comparison_is_offered_only_once_a_standard_has_two_versions()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await platform.Secretariat.Post("/api/standards", new { code, title = "Diff Form Standard", committeeId = committee, validity = new { kind = "none" } })).EnsureSuccessStatusCode();
        async Task Version(string version) => (await platform.Secretariat.Post($"/api/standards/{code}/versions", new
        {
            version,
            requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the conformance suite" } },
        })).EnsureSuccessStatusCode();

        await Version("1.0");
        Assert.DoesNotContain("class=\"diff-form\"", (await Page($"/standards/{code}", "en-GB")).Html);

        await Version("2.0");
        Assert.Contains("class=\"diff-form\"", (await Page($"/standards/{code}", "en-GB")).Html);
    }

    [Fact]
    public async Task Failed_certification_checks_read_in_chinese_on_a_chinese_product_page()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var flow = new CompatibilityFlowTests(platform);
        var code = await flow.RatifiedStandard(CompatibilityFlowTests.NewCode(), pool, committee); // proposed, not ratified
        var vendor = await platform.Member($"Check Vendor {Guid.NewGuid():N}");
        await flow.VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Check Box", type = "server" })).Read())["productId"]!;
        var submitted = await (await vendor.Client.Post("/api/certifications",
            new { productId = product, productVersion = "1", standard = code, version = "2.0", results = CompatibilityFlowTests.Results("fail") })).Read();
        Assert.Equal(2, submitted["checksFailed"]!.AsArray().Count); // not ratified; R1 not passed

        var zh = Text((await Page($"/products/{product}", "zh-CN")).Html);
        Assert.Contains($"{code} 2.0 尚未批准", zh);
        Assert.Contains("必需条款 R1 未通过", zh);
        Assert.DoesNotContain("is not ratified", zh);
        Assert.Contains("is not ratified", Text((await Page($"/products/{product}", "en-GB")).Html)); // the stored sentence, in English
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<section class=\"stage\">\\s*<h3>([^<]+)<span")]
    private static partial Regex StageHeadings();
}
