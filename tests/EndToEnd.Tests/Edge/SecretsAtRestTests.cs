using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests.Edge;

/// <summary>As an attacker with a copy of every database: a freshly issued secret and token are in none of them.</summary>
[Collection(EdgeCollection.Name)]
public sealed class SecretsAtRestTests(EdgePlatformFixture edge)
{
    [Fact]
    public async Task A_fresh_client_secret_and_its_token_are_found_in_no_table_of_any_service_database()
    {
        var member = await edge.Member();
        // Every request carries an Idempotency-Key, as careful clients send them: the store that kept answers before.
        using var issued = await edge.Secretariat.Post($"/api/members/{member.MemberId}/credentials", new { role = "member" }, Guid.NewGuid().ToString());
        var secret = (string)(await issued.Read())["clientSecret"]!;
        var clientId = issued.Headers.Location!.ToString().Split('/').Last();
        using var http = edge.Via(EdgePlatformFixture.TrustedProxy, "198.51.100.202");
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        using var tokenResponse = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = (string)(await tokenResponse.Read())["access_token"]!;
        using var client = edge.Client(token);
        using var used = await client.Post($"/api/projects", new { title = "x" }, Guid.NewGuid().ToString());

        var base64 = secret.Replace('-', '+').Replace('_', '/');
        Assert.Equal(32, Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')).Length); // 256 random bits
        var found = new List<string>();
        foreach (var service in EdgePlatformFixture.Services)
            found.AddRange(await Search(service, secret, "the secret"));
        foreach (var service in EdgePlatformFixture.Services)
            found.AddRange(await Search(service, token, "the token"));
        Assert.Empty(found);
    }

    /// <summary>Every row of every table, as text (bytea as hex), for the value as text and as hex of its UTF-8 bytes.</summary>
    private async Task<List<string>> Search(string service, string value, string what)
    {
        var needles = new[] { value, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value)) };
        await using var db = edge.Database(service);
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            select format('%I.%I', table_schema, table_name) from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
            """, db))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains(tables, t => t.EndsWith(".idempotency_keys"));
        var found = new List<string>();
        foreach (var table in tables)
            foreach (var needle in needles)
            {
                await using var cmd = new NpgsqlCommand($"select count(*) from {table} t where strpos(t::text, $1) > 0", db) { Parameters = { new() { Value = needle } } };
                if ((long)(await cmd.ExecuteScalarAsync())! > 0) found.Add($"{what} in {service}.{table}");
            }
        return found;
    }
}
