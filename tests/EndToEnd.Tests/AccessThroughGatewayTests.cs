using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>The access rules through the gateway, against the real processes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_issuer_is_reached_at_the_gateway_root_and_its_discovery_names_the_gateway()
    {
        var discovery = await platform.Http.GetNode("/.well-known/openid-configuration");

        Assert.Equal($"{platform.Gateway.Url}/connect/token", (string)discovery["token_endpoint"]!);
        Assert.Equal(platform.Gateway.Url, (string)discovery["issuer"]!);
        Assert.NotEmpty((await platform.Http.GetNode("/.well-known/jwks"))["keys"]!.AsArray());
    }

    [Fact]
    public async Task Admission_needs_the_secretariat_a_member_gets_403_and_nobody_401()
    {
        var member = await platform.Member($"Rule Test {Guid.NewGuid():N}", "member-admin");
        using var applied = await platform.Http.Post("/api/members/applications",
            new { name = "Applicant", kind = "institute", country = "DE", contactEmail = "office@applicant.example.de" });
        var applicant = (Guid)(await applied.Read())["memberId"]!;

        using var anonymous = await platform.Http.Post($"/api/members/{applicant}/admission", new { tier = "general" });
        using var asMember = await member.Client.Post($"/api/members/{applicant}/admission", new { tier = "general" });
        using var asSecretariat = await platform.Secretariat.Post($"/api/members/{applicant}/admission", new { tier = "general" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asSecretariat.StatusCode);
    }

    [Fact]
    public async Task A_representative_of_one_member_cannot_act_for_another()
    {
        var a = await platform.Member($"Member A {Guid.NewGuid():N}", "member-admin");
        var b = await platform.Member($"Member B {Guid.NewGuid():N}", "member-admin");

        using var issueForOther = await a.Client.Post($"/api/members/{b.MemberId}/credentials", new { role = "member" });
        using var revokeOthers = await a.Client.DeleteAsync($"/api/members/{b.MemberId}/credentials/{b.ClientId}");
        var othersView = await a.Client.GetNode($"/api/members/{b.MemberId}");

        Assert.Equal(HttpStatusCode.Forbidden, issueForOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revokeOthers.StatusCode);
        Assert.Null(othersView["contactEmail"]);
    }

    [Fact]
    public async Task Every_service_refuses_the_open_token_of_a_suspended_member()
    {
        var member = await platform.Member($"Suspended Co {Guid.NewGuid():N}");
        var token = member.Client.DefaultRequestHeaders.Authorization!;
        async Task<HttpStatusCode> WhoAmI(ServiceProcess service)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{service.Url}/whoami");
            request.Headers.Authorization = token;
            return (await platform.Direct.SendAsync(request)).StatusCode;
        }
        var services = new[] { platform.Registry, platform.Governance, platform.Compatibility };
        foreach (var service in services)
            await Eventually.True(async () => await WhoAmI(service) == HttpStatusCode.OK, $"{service.Service} accepts the member's token");

        using var suspended = await platform.Secretariat.Post($"/api/members/{member.MemberId}/suspension", new { reason = "Code of conduct breach" });

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        foreach (var service in services)
            await Eventually.True(async () => await WhoAmI(service) == HttpStatusCode.Unauthorized, $"{service.Service} refuses it after MemberSuspended");
        using var newToken = await AccessTokens.Request(platform.Http, member.ClientId, member.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, newToken.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_errors_carry_no_internal_names()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        // As curl does for large bodies: the gateway answers 413 before any of the body is sent. Without it
        // the 413 still comes, but the connection is closed under the unread body and a client may miss it.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/members/applications")
        { Content = new StringContent($$"""{"name":"{{huge}}"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var tooBig = await platform.Http.SendAsync(request);
        using var wrongType = await platform.Http.PostRaw("/api/members/applications", """{"name":["a"]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("nosniff", Assert.Single(tooBig.Headers.GetValues("X-Content-Type-Options")));
        var problem = await wrongType.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.DoesNotContain("Alliance.", problem);
        Assert.DoesNotContain("Exception", problem);
        Assert.DoesNotContain(".cs:line", problem);
    }
}
