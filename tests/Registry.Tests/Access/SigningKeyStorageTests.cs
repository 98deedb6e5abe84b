using System.Net;
using System.Security.Cryptography;
using Alliance.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Npgsql;
using Xunit;

namespace Alliance.Registry.Tests.Access;

/// <summary>Signing keys at rest: encrypted by Data Protection, whose key ring is in the database and encrypted too.</summary>
public sealed class SigningKeyStorageTests
{
    private static Dictionary<string, string> Settings => new(AccessTokens.SecretariatSettings("http://localhost"));

    [Fact]
    public async Task Signing_keys_are_stored_only_encrypted_and_the_key_ring_itself_is_encrypted()
    {
        var servers = new TestServers();
        await servers.InitializeAsync();
        try
        {
            await using var registry = new ServiceFactory<Program>(servers, "registry", Settings);
            var kid = new JsonWebToken(await AccessTokens.Get(registry.CreateClient(), AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret)).Kid;

            await using var db = new NpgsqlConnection(servers.ConnectionString("registry"));
            await db.OpenAsync();
            var stored = await Rows(db, "select coalesce(private_key_pem, '') || '|' || coalesce(private_key_protected, '') from signing_keys where kid = $1", kid);
            var ring = await Rows(db, "select xml from data_protection_keys");

            Assert.StartsWith("|", Assert.Single(stored)); // no clear PEM
            Assert.DoesNotContain("PRIVATE KEY", stored[0]);
            Assert.NotEmpty(ring);
            Assert.All(ring, xml => { Assert.Contains("encryptedSecret", xml); Assert.DoesNotContain("masterKey", xml); });
        }
        finally { await servers.DisposeAsync(); }
    }

    [Fact]
    public async Task A_signing_key_stored_in_clear_by_an_older_version_is_encrypted_at_start_and_still_signs()
    {
        var servers = new TestServers();
        await servers.InitializeAsync();
        try
        {
            // The table as the version before this one made it, with one key in clear.
            using var rsa = RSA.Create(2048);
            await using (var db = new NpgsqlConnection(servers.ConnectionString("registry")))
            {
                await db.OpenAsync();
                await using (var table = new NpgsqlCommand("""
                    create table signing_keys (kid text primary key, private_key_pem text not null, created_at timestamptz not null default now(), retired_at timestamptz,
                                               activates_at timestamptz not null default now())
                    """, db)) await table.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand("""
                    insert into signing_keys (kid, private_key_pem, activates_at) values ('legacy-kid', $1, now() - interval '1 hour');
                    """, db) { Parameters = { new() { Value = rsa.ExportPkcs8PrivateKeyPem() } } };
                await create.ExecuteNonQueryAsync();
            }

            await using var registry = new ServiceFactory<Program>(servers, "registry", Settings);
            var http = registry.CreateClient();
            var token = new JsonWebToken(await AccessTokens.Get(http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));

            Assert.Equal("legacy-kid", token.Kid); // the same key goes on signing, so tokens issued before stay valid
            await using var check = new NpgsqlConnection(servers.ConnectionString("registry"));
            await check.OpenAsync();
            var stored = Assert.Single(await Rows(check, "select coalesce(private_key_pem, 'CLEAR-GONE') || '|' || coalesce(private_key_protected, '') from signing_keys"));
            Assert.StartsWith("CLEAR-GONE|", stored);
            Assert.DoesNotContain("PRIVATE KEY", stored);
        }
        finally { await servers.DisposeAsync(); }
    }

    [Fact]
    public async Task A_second_instance_signs_with_the_same_key_and_accepts_the_first_ones_tokens()
    {
        var servers = new TestServers();
        await servers.InitializeAsync();
        try
        {
            await using var first = new ServiceFactory<Program>(servers, "registry", Settings);
            var token = await AccessTokens.Get(first.CreateClient(), AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret);
            await using var second = new ServiceFactory<Program>(servers, "registry", Settings);
            var fromSecond = await AccessTokens.Get(second.CreateClient(), AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret);

            using var whoami = await AccessTokens.With(second.CreateClient, token).GetAsync("/whoami");

            Assert.Equal(new JsonWebToken(token).Kid, new JsonWebToken(fromSecond).Kid);
            Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        }
        finally { await servers.DisposeAsync(); }
    }

    private static async Task<List<string>> Rows(NpgsqlConnection db, string sql, params object[] values)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await using var row = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await row.ReadAsync()) rows.Add(row.GetString(0));
        return rows;
    }
}
