using System.Net;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Registry.Tests.Members;

/// <summary>Crypto-shredding of contact e-mails: sealed under the member's key, erased by deleting the key.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ErasureTests(RegistryFixture fixture)
{
    [Fact]
    public async Task A_contact_email_is_nowhere_in_clear_in_the_database_yet_the_secretariat_reads_it()
    {
        var (member, email) = await Applicant();

        Assert.Equal(email, (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!);
        Assert.Contains(email, await fixture.Secretariat.GetStringAsync($"/members/{member}/history"));
        Assert.Empty(await DatabaseSearch.TablesHolding(fixture.Servers.ConnectionString("registry"), email));
    }

    [Fact]
    public async Task After_erasure_no_table_holds_the_email_the_stored_event_is_untouched_and_member_and_history_show_erased()
    {
        var (member, email) = await Applicant();
        var storedBefore = await fixture.Registry.Scalar<string>("select data::text from mt_events where stream_id = $1 and type = 'member_applied'", member);

        using var erased = await fixture.Secretariat.Post($"/members/{member}/erasure", new { reason = "Verified request of the data subject" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("[erased]", (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!);
        var applied = (await fixture.Secretariat.GetNode($"/members/{member}/history")).AsArray().Single(e => (string)e!["type"]! == "member_applied")!;
        Assert.Equal("[erased]", (string)applied["data"]!["contactEmail"]!);
        Assert.Empty(await DatabaseSearch.TablesHolding(fixture.Servers.ConnectionString("registry"), email));
        // Crypto-shredding rewrites nothing: what old row versions, WAL and backups hold is the same ciphertext.
        Assert.Equal(storedBefore, await fixture.Registry.Scalar<string>("select data::text from mt_events where stream_id = $1 and type = 'member_applied'", member));
        Assert.Equal(0L, await fixture.Registry.Scalar<long>("select count(*) from personal_data_keys where subject_id = $1", member));
    }

    [Fact]
    public async Task A_legacy_email_stored_in_clear_still_reads_and_erasure_masks_it_in_place()
    {
        var (member, email) = await Applicant();
        // Make the event and the directory row look as the version before sealing wrote them.
        await using (var db = new NpgsqlConnection(fixture.Servers.ConnectionString("registry")))
        {
            await db.OpenAsync();
            await using var legacy = new NpgsqlCommand("""
                update mt_events set data = jsonb_set(data, array[(select k from jsonb_object_keys(data) k where lower(k) = 'contactemail')], to_jsonb($2::text))
                where stream_id = $1 and type = 'member_applied'
                """, db) { Parameters = { new() { Value = member }, new() { Value = email } } };
            await legacy.ExecuteNonQueryAsync();
            await using var row = new NpgsqlCommand("update member_directory set contact_email = $2 where member_id = $1", db)
            { Parameters = { new() { Value = member }, new() { Value = email } } };
            await row.ExecuteNonQueryAsync();
        }
        Assert.Equal(email, (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!);
        Assert.Contains(email, await fixture.Secretariat.GetStringAsync($"/members/{member}/history"));

        using var erased = await fixture.Secretariat.Post($"/members/{member}/erasure", new { reason = "Verified request of the data subject" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(await DatabaseSearch.TablesHolding(fixture.Servers.ConnectionString("registry"), email));
        Assert.DoesNotContain(email, await fixture.Secretariat.GetStringAsync($"/members/{member}/history"));
        Assert.Equal("[erased]", (string)(await fixture.Secretariat.GetNode($"/members/{member}"))["contactEmail"]!);
    }

    private async Task<(Guid Member, string Email)> Applicant()
    {
        var email = $"dpo-{Guid.NewGuid():N}@example.cn";
        using var applied = await fixture.Http.Post("/members/applications", new
        {
            name = $"Member {Guid.NewGuid():N}",
            kind = "company",
            country = "CN",
            website = "https://www.example.cn",
            contactEmail = email,
        });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        return ((Guid)(await applied.Read())["memberId"]!, email);
    }
}
