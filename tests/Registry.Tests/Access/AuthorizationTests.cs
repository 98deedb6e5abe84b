using System.Net;
using System.Security.Cryptography;
using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Alliance.Registry.Tests.Access;

[Collection(RegistryCollection.Name)]
public sealed class AuthorizationTests(RegistryFixture fixture)
{
    private async Task<Guid> Applicant()
    {
        using var applied = await fixture.Http.Post("/members/applications", Members.MemberApiTests.Application());
        return (Guid)(await applied.Read())["memberId"]!;
    }

    [Fact]
    public async Task Without_a_token_admission_is_401_and_with_a_member_token_403_both_as_problems()
    {
        var applicant = await Applicant();
        var member = await fixture.CredentialFor(await fixture.AdmittedMember(), "member-admin");

        using var anonymous = await fixture.Http.Post($"/members/{applicant}/admission", new { tier = "general" });
        using var asMember = await member.Client.Post($"/members/{applicant}/admission", new { tier = "general" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal("application/problem+json", asMember.Content.Headers.ContentType!.MediaType);
        Assert.Equal("applied", (string)(await fixture.Secretariat.GetNode($"/members/{applicant}"))["status"]!);
    }

    public static TheoryData<string> Forgeries => ["foreign-key", "wrong-issuer", "wrong-audience", "expired", "unsigned"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_expired_secretariat_token_is_401(string forgery)
    {
        var applicant = await Applicant();
        var client = AccessTokens.With(fixture.Registry.CreateClient, await Forge(forgery));

        using var response = await client.Post($"/members/{applicant}/admission", new { tier = "general" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Secretariat claims, signed with the platform's own key except where the forgery is the key itself.</summary>
    private async Task<string> Forge(string forgery)
    {
        // The key is stored encrypted (Data Protection): only the service itself can hand it over.
        var current = await fixture.Registry.Services.GetRequiredService<Alliance.Registry.Tokens.SigningKeys>().Current(CancellationToken.None);
        var (kid, rsa) = (current.Kid, forgery == "foreign-key" ? RSA.Create(2048) : current.Private.Rsa);
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = forgery == "wrong-issuer" ? "http://evil.example" : "http://localhost",
            Audience = forgery == "wrong-audience" ? "another-api" : "alliance-api",
            IssuedAt = forgery == "expired" ? now.AddHours(-2) : now,
            NotBefore = forgery == "expired" ? now.AddHours(-2) : now,
            Expires = forgery == "expired" ? now.AddHours(-1) : now.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = AccessTokens.SecretariatClient, ["role"] = "secretariat" },
            SigningCredentials = forgery == "unsigned" ? null : new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    [Fact]
    public async Task A_member_admin_manages_its_own_members_credentials_only()
    {
        var (a, b) = (await fixture.AdmittedMember(), await fixture.AdmittedMember());
        var adminOfA = await fixture.CredentialFor(a, "member-admin");
        var plainMemberOfA = await fixture.CredentialFor(a, "member");

        using var forOwn = await adminOfA.Client.Post($"/members/{a}/credentials", new { role = "member" });
        using var forOther = await adminOfA.Client.Post($"/members/{b}/credentials", new { role = "member" });
        using var reviewer = await adminOfA.Client.Post($"/members/{a}/credentials", new { role = "reviewer" });
        using var byPlainMember = await plainMemberOfA.Client.Post($"/members/{a}/credentials", new { role = "member" });
        using var listOther = await adminOfA.Client.GetAsync($"/members/{b}/credentials");

        Assert.Equal(HttpStatusCode.Created, forOwn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reviewer.StatusCode); // reviewers are appointed by the secretariat
        Assert.Equal(HttpStatusCode.Forbidden, byPlainMember.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, listOther.StatusCode);
        var history = (await fixture.Secretariat.GetNode($"/members/{a}/history")).AsArray();
        Assert.Equal($"member/{a}/{adminOfA.ClientId}", (string)history[^1]!["actor"]!);
        Assert.Equal($"secretariat/{AccessTokens.SecretariatClient}", (string)history[1]!["actor"]!);
    }

    [Fact]
    public async Task Public_reads_do_not_show_contact_emails_and_secrets_never_leave_the_issue_response()
    {
        var (a, b) = (await fixture.AdmittedMember(), await fixture.AdmittedMember());
        var memberOfA = await fixture.CredentialFor(a);
        var memberOfB = await fixture.CredentialFor(b);
        const string email = "office@example.cn";

        var publicView = await fixture.Http.GetStringAsync($"/members/{a}");
        var publicList = await fixture.Http.GetStringAsync("/members?pageSize=200");
        var publicHistory = await fixture.Http.GetStringAsync($"/members/{a}/history");
        var otherMemberView = await memberOfB.Client.GetStringAsync($"/members/{a}");
        var ownView = await memberOfA.Client.GetNode($"/members/{a}");
        var credentials = await fixture.Secretariat.GetStringAsync($"/members/{a}/credentials");

        Assert.DoesNotContain(email, publicView);
        Assert.DoesNotContain(email, publicList);
        Assert.DoesNotContain(email, publicHistory);
        Assert.DoesNotContain(email, otherMemberView);
        Assert.Equal(email, (string)ownView["contactEmail"]!);
        Assert.DoesNotContain(memberOfA.Secret, credentials);
        Assert.DoesNotContain(memberOfA.Secret, await fixture.Secretariat.GetStringAsync($"/members/{a}/history"));
    }
}
