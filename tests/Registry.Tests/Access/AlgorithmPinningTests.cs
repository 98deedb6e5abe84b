using System.Net;
using System.Net.Http.Headers;
using Alliance.Registry.Tokens;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Alliance.Registry.Tests.Access;

/// <summary>The services accept RS256 only: the issuer's own key in another algorithm (RSA-PSS here) is refused.</summary>
[Collection(RegistryCollection.Name)]
public sealed class AlgorithmPinningTests(RegistryFixture fixture)
{
    private async Task<HttpStatusCode> WhoAmI(string algorithm)
    {
        var key = await fixture.Registry.Services.GetRequiredService<SigningKeys>().Current(CancellationToken.None);
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "http://localhost",
            Audience = "alliance-api",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = AccessTokens.SecretariatClient, ["role"] = "secretariat" },
            SigningCredentials = new SigningCredentials(key.Private, algorithm),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var response = await fixture.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_token_signed_with_the_issuers_key_in_another_algorithm_is_refused()
    {
        Assert.Equal(HttpStatusCode.OK, await WhoAmI(SecurityAlgorithms.RsaSha256));
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmI(SecurityAlgorithms.RsaSsaPssSha256));
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmI(SecurityAlgorithms.RsaSha512));
    }
}
