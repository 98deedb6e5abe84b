using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Projects;
using Xunit;

namespace Alliance.Registry.Tests.Members;

/// <summary>Links members submit are rendered for others: only absolute http(s) URLs, refused in Decide with the field named.</summary>
public sealed class LinkValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("//evil.example")]
    [InlineData("https://www.hygon.cn@evil.example")]
    public void A_website_that_is_not_an_http_url_is_refused(string url)
    {
        var refused = Assert.Throws<ValidationFailed>(() =>
            MemberDecisions.Apply(Guid.NewGuid(), new("Hygon", "company", "CN", url, "office@hygon.example.cn"), Now));

        Assert.Equal(["website"], refused.Errors.Keys);
    }

    [Theory]
    [InlineData("https://git.example.org/rtl", true)]
    [InlineData("http://git.example.org/rtl", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("vbscript:x", false)]
    [InlineData("https://git.example.org/a b", false)]
    public void Only_http_urls_pass(string url, bool ok) => Assert.Equal(ok, Validation.IsHttpUrl(url));
}
