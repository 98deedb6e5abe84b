using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>Idempotency-Key through the gateway: whose key it is, what is never kept, and that rows expire.</summary>
[Collection(EdgeCollection.Name)]
public sealed class IdempotencyThroughGatewayTests(EdgePlatformFixture edge)
{
    private static HttpRequestMessage TokenRequest(string key, string? clientId, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        if (clientId is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return request;
    }

    private async Task<long> KeyRows(string key)
    {
        await using var db = edge.Database("registry");
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from idempotency_keys where key = $1", db) { Parameters = { new() { Value = key } } };
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_token_request_with_an_idempotency_key_is_never_replayed_to_a_caller_without_the_credentials()
    {
        // The attack of issue 16: the victim asks for a token with an Idempotency-Key; the attacker sends the same key with no credentials.
        var victim = await edge.Member();
        using var http = edge.Via(EdgePlatformFixture.TrustedProxy, "198.51.100.201");
        var key = Guid.NewGuid().ToString();

        using var first = await http.SendAsync(TokenRequest(key, victim.ClientId, victim.Secret));
        using var noCredentials = await http.SendAsync(TokenRequest(key, null, null));
        using var wrongCredentials = await http.SendAsync(TokenRequest(key, victim.ClientId, "not-the-secret"));
        using var again = await http.SendAsync(TokenRequest(key, victim.ClientId, victim.Secret));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.Unauthorized, noCredentials.StatusCode);
        Assert.DoesNotContain("access_token", await noCredentials.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCredentials.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((string)(await first.Read())["access_token"]!, (string)(await again.Read())["access_token"]!);
        Assert.Equal(0, await KeyRows(key));
    }

    [Fact]
    public async Task An_anonymous_repeat_takes_effect_once_and_is_told_already_applied_never_handed_the_first_answer()
    {
        var key = Guid.NewGuid().ToString();
        var application = new { name = $"Anonymous Applicant {Guid.NewGuid():N}", kind = "company", country = "DE", contactEmail = "office@applicant.example.de" };

        using var first = await edge.Http.Post("/api/members/applications", application, key);
        using var stranger = await edge.Client().Post("/api/members/applications", application, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stranger.StatusCode);
        var problem = await stranger.Read();
        Assert.Equal("Request already applied", (string)problem["title"]!);
        Assert.Contains("anonymous", (string)problem["detail"]!);
        Assert.Null(problem["memberId"]);
        Assert.False(stranger.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, stranger.Headers.Location);
        Assert.StartsWith("/api/members/", stranger.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_pure_anonymous_computation_repeated_with_its_key_simply_runs_again()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await edge.Http.Post("/api/licence-checks", new { expression = "MIT OR Apache-2.0" }, key);
        using var repeat = await edge.Http.Post("/api/licence-checks", new { expression = "MIT OR Apache-2.0" }, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal((string)(await first.Read())["category"]!, (string)(await repeat.Read())["category"]!);
    }

    [Fact]
    public async Task Issuing_a_credential_again_with_the_same_key_never_shows_the_secret_and_another_client_gets_its_own_answer()
    {
        var member = await edge.Member();
        using var admin = await edge.SignedIn(member.ClientId, member.Secret);
        var other = await edge.Member();
        using var stranger = await edge.SignedIn(other.ClientId, other.Secret);
        var key = Guid.NewGuid().ToString();
        var body = new { role = "member", label = "ci" };

        using var issued = await admin.Post($"/api/members/{member.MemberId}/credentials", body, key);
        var secret = (string)(await issued.Read())["clientSecret"]!;
        using var repeat = await admin.Post($"/api/members/{member.MemberId}/credentials", body, key);
        using var foreign = await stranger.Post($"/api/members/{member.MemberId}/credentials", body, key);

        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        Assert.True(issued.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        var text = await repeat.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("clientSecret", text);
        Assert.Contains("Request already applied", text);
        Assert.Contains("carried a secret", text);
        Assert.Equal(issued.Headers.Location, repeat.Headers.Location);
        Assert.True(repeat.Headers.CacheControl!.NoStore);
        // Another client's request with the same key is its own request (refused here: not its member), never a replay.
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var credentials = (await admin.GetNode($"/api/members/{member.MemberId}/credentials")).AsArray();
        Assert.Single(credentials, c => (string?)c!["label"] == "ci");
    }

    [Fact]
    public async Task Idempotency_rows_older_than_a_day_are_purged_by_the_worker_and_fresh_ones_stay()
    {
        var (old, fresh) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        (await edge.Secretariat.Post("/api/members/applications", new { name = $"Purge A {Guid.NewGuid():N}", kind = "company", country = "CN", contactEmail = "office@example.cn" }, old)).EnsureSuccessStatusCode();
        (await edge.Secretariat.Post("/api/members/applications", new { name = $"Purge B {Guid.NewGuid():N}", kind = "company", country = "CN", contactEmail = "office@example.cn" }, fresh)).EnsureSuccessStatusCode();
        Assert.Equal(1, await KeyRows(old));
        await using (var db = edge.Database("registry"))
        {
            await db.OpenAsync();
            await using var age = new NpgsqlCommand("update idempotency_keys set created_at = now() - interval '25 hours' where key = $1", db) { Parameters = { new() { Value = old } } };
            await age.ExecuteNonQueryAsync();
        }

        await Eventually.True(async () => await KeyRows(old) == 0, "the expired key is purged", TimeSpan.FromSeconds(30));
        Assert.Equal(1, await KeyRows(fresh));
    }
}
