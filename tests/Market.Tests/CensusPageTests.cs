using Alliance.Testing;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>The Portal's census page: server-rendered table and SVG chart, in English and Chinese, member text encoded.</summary>
[Collection(MarketCollection.Name)]
public sealed class CensusPageTests(MarketFixture market)
{
    [Fact]
    public async Task The_census_page_draws_the_bars_on_the_server_in_both_languages_and_encodes_names()
    {
        var (_, provider) = await market.Member();
        var product = Guid.NewGuid();
        await market.Certification(Guid.NewGuid(), product, "PAGE", "1.0", "certified");
        var site = await market.Site(provider, "CN-HI", new { resourceClass = $"ACCELERATOR:{product}", total = 64 }, new { resourceClass = "VCPU", total = 128 });
        // The product's name comes from Compatibility's message, i.e. from a member: the page must show it as text.
        await market.Certification(Guid.NewGuid(), product, "PAGE", "2.0", "certified", productName: "<img src=x onerror=alert(1)>");

        var english = await market.Http.GetStringAsync("/compute?region=CN-HI");
        using var zhRequest = new HttpRequestMessage(HttpMethod.Get, "/compute?region=CN-HI");
        zhRequest.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await (await market.Http.SendAsync(zhRequest)).Content.ReadAsStringAsync();

        Assert.Contains("<svg", english);
        Assert.Equal(4, english.Split("<rect").Length - 1);   // two bars (accelerator, VCPU), each a total and a leased part
        Assert.Contains("Compute census", english);
        await Eventually.True(async () => (await market.Http.GetStringAsync("/compute?region=CN-HI")).Contains("PAGE@2.0"), "the second certification shows");
        english = await market.Http.GetStringAsync("/compute?region=CN-HI");
        Assert.Contains("PAGE@1.0", english);
        Assert.Contains("算力资源普查", chinese);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", english);
        Assert.DoesNotContain("<img src=x", english);
        Assert.NotEqual(Guid.Empty, site);
    }
}
