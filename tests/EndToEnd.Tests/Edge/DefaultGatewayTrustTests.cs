using System.Net;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>A gateway with no proxies configured is the edge: it believes nobody's X-Forwarded-* headers, not even a local caller's.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DefaultGatewayTrustTests(PlatformFixture platform)
{
    [Fact]
    public async Task Without_configured_proxies_the_gateway_ignores_a_claimed_https_and_sets_no_secure_cookie()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(platform.Gateway.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "192.0.2.99");

        using var page = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery.ToLowerInvariant());
    }
}
