using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>Guessing one client's secret at the token endpoint, through the gateway.</summary>
[Collection(EdgeCollection.Name)]
public sealed class LockoutThroughGatewayTests(EdgePlatformFixture edge)
{
    [Fact]
    public async Task Ten_wrong_secrets_lock_that_client_out_with_429_others_are_unaffected_and_the_secretariat_sees_who_and_from_where()
    {
        var victim = await edge.Member();
        var bystander = await edge.Member();
        using var attacker = edge.Via(EdgePlatformFixture.TrustedProxy, "203.0.113.66");
        using var owner = edge.Via(EdgePlatformFixture.TrustedProxy, "198.51.100.203");

        for (var i = 0; i < 10; i++)
        {
            using var guess = await AccessTokens.Request(attacker, victim.ClientId, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        using var rightSecret = await AccessTokens.Request(owner, victim.ClientId, victim.Secret);
        using var other = await AccessTokens.Request(owner, bystander.ClientId, bystander.Secret);

        Assert.Equal(HttpStatusCode.TooManyRequests, rightSecret.StatusCode);
        Assert.InRange(int.Parse(rightSecret.Headers.GetValues("Retry-After").Single()), 1, 300);
        Assert.DoesNotContain("access_token", await rightSecret.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        var lockouts = await edge.Secretariat.GetNode($"/connect/lockouts?clientId={victim.ClientId}");
        var record = lockouts["items"]!.AsArray().Single()!;
        Assert.Equal(victim.MemberId.ToString(), (string)record["memberId"]!);
        Assert.Equal(10, (int)record["failures"]!);
        Assert.True((bool)record["active"]!);
        Assert.Equal(["203.0.113.66"], record["addresses"]!.AsArray().Select(a => (string)a!));
        using var asMember = await (await edge.SignedIn(bystander.ClientId, bystander.Secret)).GetAsync("/connect/lockouts");
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
    }
}
