using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests;

/// <summary>Registry in-process on its own database and virtual host, with a configured secretariat client.</summary>
public sealed class RegistryFixture() : InProcessService<Program>("registry", new Dictionary<string, string>(AccessTokens.SecretariatSettings("http://localhost"))
{
    // A rotated key signs 2 s after it is published; validators may refetch the JWKS every second.
    ["Tokens:KeyActivationDelaySeconds"] = "2",
    ["Auth:RefreshIntervalSeconds"] = "1",
})
{
    public ServiceFactory<Program> Registry => Factory;
    public HttpClient Secretariat { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Secretariat = AccessTokens.With(Factory.CreateClient, await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
    }

    /// <summary>An applicant admitted by the secretariat.</summary>
    public async Task<Guid> AdmittedMember(string? name = null, string tier = "general")
    {
        using var applied = await Http.Post("/members/applications", Members.MemberApiTests.Application(name));
        var id = (Guid)(await applied.Read())["memberId"]!;
        using var admitted = await Secretariat.Post($"/members/{id}/admission", new { tier });
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        return id;
    }

    public sealed record Credential(string ClientId, string Secret, HttpClient Client);

    /// <summary>A credential for the member, issued by the secretariat, and a client that uses its token.</summary>
    public async Task<Credential> CredentialFor(Guid memberId, string role = "member")
    {
        using var issued = await Secretariat.Post($"/members/{memberId}/credentials", new { role });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Read();
        var (clientId, secret) = ((string)body["clientId"]!, (string)body["clientSecret"]!);
        return new Credential(clientId, secret, AccessTokens.With(Factory.CreateClient, await AccessTokens.Get(Http, clientId, secret)));
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
