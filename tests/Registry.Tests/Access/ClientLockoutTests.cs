using System.Collections.Concurrent;
using System.Net;
using Alliance.Registry.Tokens;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Registry.Tests.Access;

/// <summary>The real key derivation, with a count of how often it runs and how hard: the seam the cost test observes.</summary>
public sealed class ObservedHasher : SecretHasher
{
    public ConcurrentQueue<int> Derivations { get; } = new();

    protected override byte[] Derive(string secret, byte[] salt, int iterations, int length)
    {
        Derivations.Enqueue(iterations);
        return base.Derive(secret, salt, iterations, length);
    }
}

/// <summary>A Registry of its own on a test clock, so a lockout window passes without sleeping.</summary>
public sealed class LockoutRegistry() : InProcessService<Program>("registry", AccessTokens.SecretariatSettings("http://localhost"), services =>
{
    services.AddSingleton<TimeProvider>(Clock);
    services.AddSingleton<SecretHasher>(Hasher);
})
{
    public static TestClock Clock { get; } = new();
    public static ObservedHasher Hasher { get; } = new();
    public HttpClient Secretariat { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Secretariat = AccessTokens.With(Factory.CreateClient, await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
    }

    /// <summary>An admitted member's fresh credential (client id, secret).</summary>
    public async Task<(Guid MemberId, string ClientId, string Secret)> Credential()
    {
        using var applied = await Http.Post("/members/applications", Members.MemberApiTests.Application());
        var id = (Guid)(await applied.Read())["memberId"]!;
        (await Secretariat.Post($"/members/{id}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        var issued = await (await Secretariat.Post($"/members/{id}/credentials", new { role = "member" })).Read();
        return (id, (string)issued["clientId"]!, (string)issued["clientSecret"]!);
    }
}

public sealed class ClientLockoutTests(LockoutRegistry registry) : IClassFixture<LockoutRegistry>
{
    private async Task<HttpStatusCode> Token(string clientId, string secret)
    {
        using var response = await AccessTokens.Request(registry.Http, clientId, secret);
        return response.StatusCode;
    }

    [Fact]
    public async Task Ten_wrong_secrets_lock_that_client_for_five_minutes_the_right_secret_too_and_other_clients_are_unaffected()
    {
        var (member, clientId, secret) = await registry.Credential();
        var other = await registry.Credential();
        var moved = TimeSpan.Zero;
        try
        {
            for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Token(clientId, $"guess-{i}"));

            using var locked = await AccessTokens.Request(registry.Http, clientId, secret);
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single()), 290, 300);
            Assert.Equal("temporarily_unavailable", (string)(await locked.Read())["error"]!);
            Assert.Equal(HttpStatusCode.OK, await Token(other.ClientId, other.Secret));

            var record = (await registry.Secretariat.GetNode($"/connect/lockouts?clientId={clientId}"))["items"]!.AsArray().Single()!;
            Assert.Equal(member.ToString(), (string)record["memberId"]!);
            Assert.Equal(10, (int)record["failures"]!);
            Assert.True((bool)record["active"]!);

            LockoutRegistry.Clock.Advance(TimeSpan.FromMinutes(4));
            moved += TimeSpan.FromMinutes(4);
            Assert.Equal(HttpStatusCode.TooManyRequests, await Token(clientId, secret));
            LockoutRegistry.Clock.Advance(TimeSpan.FromSeconds(61));
            moved += TimeSpan.FromSeconds(61);
            Assert.Equal(HttpStatusCode.OK, await Token(clientId, secret));
            // The failures that caused the lockout were consumed: one more wrong secret does not lock it again.
            Assert.Equal(HttpStatusCode.Unauthorized, await Token(clientId, "one-more-guess"));
            Assert.Equal(HttpStatusCode.OK, await Token(clientId, secret));
        }
        finally
        {
            LockoutRegistry.Clock.Advance(-moved);
        }
    }

    [Fact]
    public async Task Wrong_secrets_spread_over_more_than_five_minutes_do_not_lock()
    {
        var (_, clientId, secret) = await registry.Credential();
        try
        {
            for (var i = 0; i < 9; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Token(clientId, $"guess-{i}"));
            LockoutRegistry.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Unauthorized, await Token(clientId, "guess-9"));

            Assert.Equal(HttpStatusCode.OK, await Token(clientId, secret));
        }
        finally
        {
            LockoutRegistry.Clock.Advance(-(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)));
        }
    }

    [Fact]
    public async Task Unknown_client_ids_are_locked_as_well_and_the_secretariat_may_lift_a_lockout()
    {
        var unknown = $"m-nobody-{Guid.NewGuid():N}";
        var (_, clientId, secret) = await registry.Credential();
        for (var i = 0; i < 10; i++)
        {
            await Token(unknown, "guess");
            await Token(clientId, "guess");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await Token(unknown, "guess"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Token(clientId, secret));
        using var anonymous = await registry.Http.DeleteAsync($"/connect/lockouts/{clientId}");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var lifted = await registry.Secretariat.DeleteAsync($"/connect/lockouts/{clientId}");
        Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Token(clientId, secret));
        var record = (await registry.Secretariat.GetNode($"/connect/lockouts?clientId={clientId}"))["items"]!.AsArray().Single()!;
        Assert.Equal(AccessTokens.SecretariatClient, (string)record["liftedBy"]!);
        Assert.False((bool)record["active"]!);
    }

    [Fact]
    public async Task An_unknown_client_id_costs_one_full_key_derivation_like_a_known_one()
    {
        var (_, clientId, _) = await registry.Credential();
        async Task<int[]> Derivations(string id)
        {
            LockoutRegistry.Hasher.Derivations.Clear();
            Assert.Equal(HttpStatusCode.Unauthorized, await Token(id, "not-the-secret"));
            return [.. LockoutRegistry.Hasher.Derivations];
        }

        var known = await Derivations(clientId);
        var unknown = await Derivations($"m-nobody-{Guid.NewGuid():N}");

        Assert.Equal([SecretHasher.Iterations], known);
        Assert.Equal(known, unknown);
    }
}
