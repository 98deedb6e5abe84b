using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests.Access;

[Collection(RegistryCollection.Name)]
public sealed class RevocationTests(RegistryFixture fixture)
{
    private static async Task<bool> Refused(HttpClient client) =>
        (await client.GetAsync("/whoami")).StatusCode == HttpStatusCode.Unauthorized;

    [Fact]
    public async Task A_revoked_credential_gets_no_new_token_and_its_open_token_is_refused()
    {
        var member = await fixture.AdmittedMember();
        var credential = await fixture.CredentialFor(member);
        Assert.False(await Refused(credential.Client));

        using var revoked = await fixture.Secretariat.DeleteAsync($"/members/{member}/credentials/{credential.ClientId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var token = await AccessTokens.Request(fixture.Http, credential.ClientId, credential.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        // Registry answers from its own credentials table, written with the event: refused at once, not eventually.
        Assert.True(await Refused(credential.Client), "open token refused as soon as the revocation is answered");
        using var again = await fixture.Secretariat.DeleteAsync($"/members/{member}/credentials/{credential.ClientId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Suspension_revokes_every_credential_at_once_and_reinstatement_does_not_bring_them_back()
    {
        var member = await fixture.AdmittedMember();
        var first = await fixture.CredentialFor(member, "member-admin");
        var second = await fixture.CredentialFor(member);

        using var suspended = await fixture.Secretariat.Post($"/members/{member}/suspension", new { reason = "Unpaid dues 2026" });

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        foreach (var credential in new[] { first, second })
        {
            using var token = await AccessTokens.Request(fixture.Http, credential.ClientId, credential.Secret);
            Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
            Assert.True(await Refused(credential.Client), "open token refused as soon as the suspension is answered");
        }
        using var issueWhileSuspended = await fixture.Secretariat.Post($"/members/{member}/credentials", new { role = "member" });
        Assert.Equal(HttpStatusCode.Conflict, issueWhileSuspended.StatusCode);

        using var reinstated = await fixture.Secretariat.PostAsync($"/members/{member}/reinstatement", null);
        Assert.Equal(HttpStatusCode.OK, reinstated.StatusCode);
        using var oldToken = await AccessTokens.Request(fixture.Http, first.ClientId, first.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.StatusCode);
        var fresh = await fixture.CredentialFor(member);
        await Eventually.True(async () => !await Refused(fresh.Client), "a new credential works after reinstatement");
    }

    [Fact]
    public async Task Registry_knows_its_members_from_its_own_directory_not_from_its_own_messages()
    {
        Assert.True(await fixture.Registry.Scalar<bool>("select to_regclass('member_status') is null and to_regclass('revoked_clients') is null"),
            "Registry keeps no copy of member standing from its own messages");
    }

    [Fact]
    public async Task Suspending_needs_a_reason_and_an_admitted_member_and_reinstating_needs_a_suspended_one()
    {
        var member = await fixture.AdmittedMember();

        using var noReason = await fixture.Secretariat.Post($"/members/{member}/suspension", new { reason = "" });
        using var notSuspended = await fixture.Secretariat.PostAsync($"/members/{member}/reinstatement", null);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await noReason.Read())["errors"]!["reason"]);
        Assert.Equal(HttpStatusCode.Conflict, notSuspended.StatusCode);
        Assert.Equal("reinstatement-requires-suspension", (string)(await notSuspended.Read())["rule"]!);
    }

    [Fact]
    public async Task Erasure_masks_the_contact_email_in_the_event_store_and_the_directory_and_records_itself_without_it()
    {
        var member = await fixture.AdmittedMember();
        var email = (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!;

        using var erased = await fixture.Secretariat.Post($"/members/{member}/erasure", new { reason = "Verified request of the data subject" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var history = await fixture.Secretariat.GetStringAsync($"/members/{member}/history");
        Assert.DoesNotContain(email, history);
        Assert.Contains("member_personal_data_erased", history);
        Assert.Equal(0L, await fixture.Registry.Scalar<long>("select count(*) from mt_events where stream_id = $1 and data::text like '%' || $2 || '%'", member, email));
        Assert.Equal("[erased]", (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!);
        Assert.Equal("admitted", (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["status"]!);
    }
}
