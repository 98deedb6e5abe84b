using System.Net;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Secrets and personal data at rest, through the gateway against the real processes: each service is its own
/// PostgreSQL role, and personal data is crypto-shredded (nothing readable anywhere in the database after erasure).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PersonalDataAndRolesTests(PlatformFixture platform)
{
    [Fact]
    public async Task Each_service_connects_as_its_own_role_without_privileges_and_governance_cannot_read_registrys_database()
    {
        await platform.Http.GetNode("/api/members");   // the services have connections open
        await using var admin = platform.Servers.Admin("postgres");
        foreach (var service in new[] { "registry", "governance", "compatibility" })
        {
            var database = platform.Servers.Database(service);
            var users = await Strings(admin, "select distinct usename::text from pg_stat_activity where datname = $1 and usename is not null and pid <> pg_backend_pid()", database);
            Assert.Equal([database], users); // the service's own role (named after its database), never the superuser
            var attributes = await Strings(admin, "select concat_ws(',', rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls) from pg_roles where rolname = $1", database);
            Assert.Equal(["f,f,f,f,f"], attributes); // no superuser, createdb, createrole, replication or bypassrls
        }

        var intruder = new NpgsqlConnectionStringBuilder(platform.Servers.ConnectionString("governance")) { Database = platform.Servers.Database("registry"), Pooling = false };
        await using var db = new NpgsqlConnection(intruder.ConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task Erased_maintainer_and_signatory_names_are_nowhere_readable_in_governances_database_and_read_erased_everywhere()
    {
        var sponsor = await platform.Member($"Sponsor {Guid.NewGuid():N}"[..20]);
        var (handle, name) = ($"h{Guid.NewGuid():N}"[..12], $"Person {Guid.NewGuid():N}");
        var (otherHandle, otherName) = ($"o{Guid.NewGuid():N}"[..12], $"Other {Guid.NewGuid():N}");
        using var proposed = await sponsor.Client.Post("/api/oss-projects", new
        {
            name = $"Shred {Guid.NewGuid():N}"[..20],
            repositoryUrl = "https://git.example.org/shred",
            description = "Erasure test.",
            licence = "Apache-2.0",
            sponsorMemberId = sponsor.MemberId,
            maintainers = new[] { new { handle, name, affiliationMemberId = sponsor.MemberId } },
        });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var project = (Guid)(await proposed.Read())["projectId"]!;
        (await sponsor.Client.Post($"/api/oss-projects/{project}/maintainers", new { handle = otherHandle, name = otherName, affiliation = "independent" })).EnsureSuccessStatusCode();
        using var signed = await platform.Secretariat.Post("/api/contributor-agreements", new { kind = "individual", handle, name });
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        var agreement = (Guid)(await signed.Read())["agreementId"]!;
        var governance = platform.Servers.ConnectionString("governance");

        Assert.Contains(name, await platform.Http.GetStringAsync($"/api/oss-projects/{project}"));
        Assert.Equal(name, (string)(await platform.Http.GetNode($"/api/contributor-agreements/{agreement}"))["name"]!);
        Assert.Empty(await DatabaseSearch.TablesHolding(governance, name)); // sealed from the start, not only after erasure

        using var erased = await platform.Secretariat.Post($"/api/people/{handle}/erasure", new { reason = "Verified request of the data subject" });
        using var forbidden = await sponsor.Client.Post($"/api/people/{otherHandle}/erasure", new { reason = "Not mine to erase" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var maintainers = (await platform.Http.GetNode($"/api/oss-projects/{project}"))["maintainers"]!.AsArray();
        Assert.Equal("[erased]", (string)maintainers.Single(m => (string)m!["handle"]! == handle)!["name"]!);
        Assert.Equal(otherName, (string)maintainers.Single(m => (string)m!["handle"]! == otherHandle)!["name"]!);
        Assert.Equal("[erased]", (string)(await platform.Http.GetNode($"/api/contributor-agreements/{agreement}"))["name"]!);
        var projectHistory = await platform.Http.GetStringAsync($"/api/oss-projects/{project}/history");
        var agreementHistory = await platform.Http.GetStringAsync($"/api/contributor-agreements/{agreement}/history");
        Assert.DoesNotContain(name, projectHistory + agreementHistory);
        Assert.Contains("[erased]", projectHistory);
        Assert.Contains("[erased]", agreementHistory);
        Assert.Contains(otherName, projectHistory);
        Assert.Empty(await DatabaseSearch.TablesHolding(governance, name));

        // Erasing again, or erasing a handle the platform never held, is 404 and records nothing (the fuzzer found it).
        using var again = await platform.Secretariat.Post($"/api/people/{handle}/erasure", new { reason = "Verified request of the data subject" });
        using var unknown = await platform.Secretariat.Post($"/api/people/nobody-{Guid.NewGuid():N}/erasure", new { reason = "Verified request" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_erased_corporate_signatory_is_nowhere_readable_in_governances_database_and_reads_erased()
    {
        var sponsor = await platform.Member($"Signer {Guid.NewGuid():N}"[..20]);
        var signatory = $"Signatory {Guid.NewGuid():N}";
        using var signed = await platform.Secretariat.Post("/api/contributor-agreements",
            new { kind = "corporate", memberId = sponsor.MemberId, signatory, handles = new[] { $"c{Guid.NewGuid():N}"[..12] } });
        Assert.Equal(HttpStatusCode.Created, signed.StatusCode);
        var agreement = (Guid)(await signed.Read())["agreementId"]!;
        var governance = platform.Servers.ConnectionString("governance");
        Assert.Equal(signatory, (string)(await platform.Http.GetNode($"/api/contributor-agreements/{agreement}"))["signatory"]!);
        Assert.Empty(await DatabaseSearch.TablesHolding(governance, signatory));

        using var forbidden = await sponsor.Client.Post($"/api/contributor-agreements/{agreement}/signatory-erasure", new { reason = "Mine?" });
        using var erased = await platform.Secretariat.Post($"/api/contributor-agreements/{agreement}/signatory-erasure", new { reason = "Verified request of the data subject" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal("[erased]", (string)(await platform.Http.GetNode($"/api/contributor-agreements/{agreement}"))["signatory"]!);
        var history = await platform.Http.GetStringAsync($"/api/contributor-agreements/{agreement}/history");
        Assert.DoesNotContain(signatory, history);
        Assert.Contains("corporate_cla_signatory_erased", history);
        Assert.Empty(await DatabaseSearch.TablesHolding(governance, signatory));
    }

    [Fact]
    public async Task An_erased_contact_email_is_nowhere_readable_in_registrys_database_and_the_history_shows_erased()
    {
        var email = $"dpo-{Guid.NewGuid():N}@example.cn";
        using var applied = await platform.Http.Post("/api/members/applications",
            new { name = $"Erasable {Guid.NewGuid():N}"[..20], kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = email });
        var member = (Guid)(await applied.Read())["memberId"]!;
        Assert.Equal(email, (string)(await platform.Secretariat.GetNode($"/api/members/{member}"))["contactEmail"]!);

        using var erased = await platform.Secretariat.Post($"/api/members/{member}/erasure", new { reason = "Verified request of the data subject" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var applications = (await platform.Secretariat.GetNode($"/api/members/{member}/history")).AsArray().Where(e => (string)e!["type"]! == "member_applied");
        Assert.Equal("[erased]", (string)Assert.Single(applications)!["data"]!["contactEmail"]!);
        Assert.Equal("[erased]", (string)(await platform.Secretariat.GetNode($"/api/members/{member}"))["contactEmail"]!);
        Assert.Empty(await DatabaseSearch.TablesHolding(platform.Servers.ConnectionString("registry"), email));
    }

    private static async Task<List<string>> Strings(NpgsqlConnection db, string sql, params object[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var row = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await row.ReadAsync()) list.Add(row.GetString(0));
        return list;
    }
}
