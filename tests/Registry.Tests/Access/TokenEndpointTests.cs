using System.Net;
using System.Net.Http.Headers;
using Alliance.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit;

namespace Alliance.Registry.Tests.Access;

[Collection(RegistryCollection.Name)]
public sealed class TokenEndpointTests(RegistryFixture fixture)
{
    [Fact]
    public async Task A_member_credential_gets_a_signed_token_of_at_most_fifteen_minutes_naming_its_member_and_role()
    {
        var member = await fixture.AdmittedMember();
        var credential = await fixture.CredentialFor(member, "member-admin");

        var token = new JsonWebToken(await AccessTokens.Get(fixture.Http, credential.ClientId, credential.Secret));

        Assert.Equal(credential.ClientId, token.Subject);
        Assert.Equal(member.ToString(), token.GetClaim("member_id").Value);
        Assert.Equal("member-admin", token.GetClaim("role").Value);
        Assert.Equal(["alliance-api"], token.Audiences);
        Assert.Equal("http://localhost", token.Issuer);
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.InRange((token.ValidTo - token.IssuedAt).TotalMinutes, 1, 15);
    }

    [Fact]
    public async Task Wrong_secrets_unknown_clients_and_other_grants_are_refused_in_the_oauth_error_format()
    {
        var credential = await fixture.CredentialFor(await fixture.AdmittedMember());

        using var wrongSecret = await AccessTokens.Request(fixture.Http, credential.ClientId, "guess");
        using var unknown = await AccessTokens.Request(fixture.Http, "m-nobody", credential.Secret);
        using var password = await fixture.Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["grant_type"] = "password", ["username"] = "a", ["password"] = "b" }));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", (string)(await wrongSecret.Read())["error"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        Assert.Equal("unsupported_grant_type", (string)(await password.Read())["error"]!);
    }

    [Fact]
    public async Task Http_basic_client_authentication_works_as_well()
    {
        var credential = await fixture.CredentialFor(await fixture.AdmittedMember());
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{credential.ClientId}:{credential.Secret}")));

        using var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", (string)(await response.Read())["token_type"]!);
    }

    [Fact]
    public async Task Discovery_names_the_issuer_token_endpoint_and_jwks_and_the_jwks_holds_public_rsa_keys_only()
    {
        var discovery = await fixture.Http.GetNode("/.well-known/openid-configuration");
        var jwks = await fixture.Http.GetNode("/.well-known/jwks");

        Assert.Equal("http://localhost", (string)discovery["issuer"]!);
        Assert.Equal("http://localhost/connect/token", (string)discovery["token_endpoint"]!);
        Assert.Equal("http://localhost/.well-known/jwks", (string)discovery["jwks_uri"]!);
        Assert.All(jwks["keys"]!.AsArray(), k =>
        {
            Assert.Equal("RSA", (string)k!["kty"]!);
            Assert.Null(k["d"]); // never the private exponent
        });
    }

    [Fact]
    public async Task After_a_key_rotation_tokens_signed_before_stay_valid_and_new_tokens_use_the_new_key()
    {
        var credential = await fixture.CredentialFor(await fixture.AdmittedMember());
        var before = new JsonWebToken(await AccessTokens.Get(fixture.Http, credential.ClientId, credential.Secret));

        using var rotated = await fixture.Secretariat.PostAsync("/connect/signing-keys/rotation", null);
        var next = (string)(await rotated.Read())["kid"]!;
        Assert.Contains(next, (await fixture.Http.GetNode("/.well-known/jwks"))["keys"]!.AsArray().Select(k => (string)k!["kid"]!));
        JsonWebToken after = before;
        await Eventually.True(async () =>
        {
            after = new JsonWebToken(await AccessTokens.Get(fixture.Http, credential.ClientId, credential.Secret));
            return after.Kid == next;
        }, "new tokens signed with the next key once it is active");
        var oldClient = AccessTokens.With(fixture.Registry.CreateClient, before.EncodedToken);
        var newClient = AccessTokens.With(fixture.Registry.CreateClient, after.EncodedToken);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(before.Kid, after.Kid);
        var kids = (await fixture.Http.GetNode("/.well-known/jwks"))["keys"]!.AsArray().Select(k => (string)k!["kid"]!).ToList();
        Assert.Contains(before.Kid, kids);
        Assert.Contains(after.Kid, kids);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync("/whoami")).StatusCode);
        // Here the key activates after 2 s, sooner than the validator's 5-minute metadata refresh, so the
        // first request may only trigger the refetch; with the default 10-minute delay none is refused.
        await Eventually.True(async () => (await newClient.GetAsync("/whoami")).StatusCode == HttpStatusCode.OK, "new key accepted");
    }
}
