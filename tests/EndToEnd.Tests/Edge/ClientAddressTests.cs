using System.Net;
using System.Text.RegularExpressions;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>
/// Who the caller is, through the trusted proxy, the gateway and the Portal: each person has their own limit,
/// an authenticated client its own, a forged X-Forwarded-* from an untrusted caller changes nothing, and
/// cookies are Secure when the original request was https.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed partial class ClientAddressTests(EdgePlatformFixture edge)
{
    private sealed record SignInForm(string Cookie, string Token, string[] SetCookies);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static async Task<SignInForm> OpenSignIn(HttpClient browser)
    {
        using var page = await browser.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var setCookies = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        var cookie = setCookies.Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];
        return new SignInForm(cookie, AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value, setCookies);
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient browser, SignInForm form, string clientId, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["ClientId"] = clientId,
                ["ClientSecret"] = secret,
                ["__RequestVerificationToken"] = form.Token,
            }),
        };
        request.Headers.Add("Cookie", form.Cookie);
        return browser.SendAsync(request);
    }

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(c => c.StartsWith("alliance.session", StringComparison.Ordinal)) : null;

    [Fact]
    public async Task Sign_ins_through_the_Portal_are_limited_per_person_so_one_cannot_lock_out_everyone()
    {
        var member = await edge.Member("member");
        using var noisy = edge.Via(EdgePlatformFixture.TrustedProxy, "203.0.113.10");
        var noisyForm = await OpenSignIn(noisy);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= EdgePlatformFixture.TokenPerMinute; i++)
        {
            using var attempt = await SignIn(noisy, noisyForm, $"m-nobody-{Guid.NewGuid():N}", "wrong");
            statuses.Add(attempt.StatusCode);
        }

        using var someoneElse = edge.Via(EdgePlatformFixture.TrustedProxy, "203.0.113.11");
        using var signedIn = await SignIn(someoneElse, await OpenSignIn(someoneElse), member.ClientId, member.Secret);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, EdgePlatformFixture.TokenPerMinute), statuses.Take(EdgePlatformFixture.TokenPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses.Last());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/workspace", signedIn.Headers.Location!.ToString());
        Assert.NotNull(SessionCookie(signedIn));
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_trusted_proxy_says_https_and_a_forged_header_from_anyone_else_is_ignored()
    {
        var member = await edge.Member("member");
        using var tls = edge.Via(EdgePlatformFixture.TrustedProxy, "203.0.113.12", "https");
        var form = await OpenSignIn(tls);
        using var signedIn = await SignIn(tls, form, member.ClientId, member.Secret);
        using var forger = edge.Via("127.0.0.1", "203.0.113.13", "https");
        var forged = await OpenSignIn(forger);

        Assert.Contains("secure", form.SetCookies.Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = SessionCookie(signedIn)!.ToLowerInvariant();
        Assert.Contains("; secure", session);
        Assert.Contains("; httponly", session);
        Assert.Contains("; samesite=strict", session);
        Assert.DoesNotContain("secure", forged.SetCookies.Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).ToLowerInvariant());
    }

    [Fact]
    public async Task An_authenticated_client_beyond_its_own_limit_gets_429_and_other_clients_do_not()
    {
        var busy = await edge.Member("member");
        var calm = await edge.Member("member");
        using var busyClient = await edge.SignedIn(busy.ClientId, busy.Secret);
        using var calmClient = await edge.SignedIn(calm.ClientId, calm.Secret);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= EdgePlatformFixture.ClientPerMinute; i++)
        {
            var response = await busyClient.GetAsync($"/api/members/{busy.MemberId}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
            else response.Dispose();
        }
        using var calmResponse = await calmClient.GetAsync($"/api/members/{calm.MemberId}");

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, EdgePlatformFixture.ClientPerMinute), statuses.Take(EdgePlatformFixture.ClientPerMinute));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses.Last());
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(HttpStatusCode.OK, calmResponse.StatusCode);
        refused.Dispose();
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_from_an_untrusted_caller_does_not_buy_a_fresh_token_budget()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= EdgePlatformFixture.TokenPerMinute; i++)
        {
            using var forger = edge.Via("127.0.0.1", $"192.0.2.{i + 1}");
            using var response = await AccessTokens.Request(forger, $"m-nobody-{Guid.NewGuid():N}", "wrong");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
