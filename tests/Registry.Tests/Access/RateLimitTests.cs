using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests.Access;

/// <summary>A Registry of its own with low limits, so the other tests are never throttled.</summary>
public sealed class RateLimitTests() : InProcessService<Program>("registry", new Dictionary<string, string>(AccessTokens.SecretariatSettings("http://localhost"))
{
    ["RateLimits:PublicPerMinute"] = "3",
    ["RateLimits:TokenPerMinute"] = "2",
})
{
    [Fact]
    public async Task Anonymous_callers_beyond_the_limit_get_429_with_retry_after_and_health_is_never_limited()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await Http.Post("/members/applications", Members.MemberApiTests.Application());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) > 0);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_token_endpoint_has_its_own_limit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await AccessTokens.Request(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
