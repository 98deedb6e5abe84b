using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests.Transparency;

/// <summary>A platform of its own: the audit tests rewrite Registry's mt_events, which no other test should see.</summary>
public sealed class TransparencyPlatformFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-transparency";
}

[CollectionDefinition(Name)]
public sealed class TransparencyCollection : ICollectionFixture<TransparencyPlatformFixture>
{
    public const string Name = "transparency-platform";
}

/// <summary>
/// Every stored event reaches the log; a member fetches a receipt through the gateway and the real `alliance` CLI verifies it
/// offline; a forged receipt is refused; and an audit finds an altered, a deleted and an inserted event in mt_events.
/// </summary>
[Collection(TransparencyCollection.Name)]
public sealed class TransparencyLogTests(TransparencyPlatformFixture platform)
{
    private readonly string work = Directory.CreateTempSubdirectory("alliance-log-").FullName;

    private async Task<JsonArray> RegistryEvents() =>
        (JsonArray)(await (await platform.Direct.GetAsync($"{platform.Registry.Url}/events?limit=1000")).Read())["events"]!;

    private async Task<JsonNode> Receipt(Guid eventId)
    {
        JsonNode? receipt = null;
        await Eventually.True(async () =>
        {
            using var response = await platform.Http.GetAsync($"/api/log/receipts/{eventId}");
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            receipt = await response.Read();
            return true;
        }, $"a receipt for event {eventId}", TimeSpan.FromSeconds(60));
        return receipt!;
    }

    private async Task<string> Key() => (string)(await (await platform.Http.GetAsync("/api/log/key")).Read())["verifierKey"]!;

    private static async Task<(int Exit, string Output)> Cli(params string[] args)
    {
        var dll = Path.Combine(ServiceProcess.RepoRoot, "tools", "Alliance.Cli", "bin", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "Alliance.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private string Save(string name, JsonNode json)
    {
        var path = Path.Combine(work, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public async Task A_members_admission_has_a_receipt_that_the_CLI_verifies_offline_and_a_forged_one_does_not()
    {
        var member = await platform.Member($"Receipt Member {Guid.NewGuid():N}");
        var admitted = (await RegistryEvents()).Single(e => (string)e!["streamId"]! == member.MemberId.ToString() && (string)e["type"]! == "member_admitted")!;
        var receipt = await Receipt((Guid)admitted["id"]!);
        var leaf = JsonNode.Parse(Convert.FromBase64String((string)receipt["leaf"]!))!;
        Assert.Equal("registry", (string)leaf["service"]!);
        Assert.Equal(member.MemberId.ToString(), (string)leaf["streamId"]!);
        Assert.Equal("member_admitted", (string)leaf["eventType"]!);
        Assert.Equal((string)admitted["dataSha256"]!, (string)leaf["dataSha256"]!);

        var good = Save("receipt.json", receipt);
        var forged = receipt.DeepClone();
        var bytes = Convert.FromBase64String((string)receipt["leaf"]!);
        bytes[^3] ^= 1; // one bit of the leaf's bytes (inside its data hash)
        forged["leaf"] = Convert.ToBase64String(bytes);
        var bad = Save("forged.json", forged);
        var key = await Key();

        var (exit, output) = await Cli("log", "verify-receipt", "--key", key, good);
        Assert.True(exit == 0, output);
        Assert.Contains($"{good}: ok", output);
        (exit, output) = await Cli("log", "verify-receipt", "--key", key, good, bad);
        Assert.Equal(1, exit);
        Assert.Contains($"{good}: ok", output);
        Assert.Contains($"{bad}: invalid (leafHash is not the hash of leaf)", output);

        // A receipt checked against another log's key is refused, however well-formed.
        var (otherExit, otherOutput) = await Cli("log", "verify-receipt", "--key", "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k", good);
        Assert.Equal(1, otherExit);
        Assert.Contains("invalid (checkpoint: the note is not signed by example.com/foo", otherOutput);
    }

    [Fact]
    public async Task Inclusion_and_consistency_proofs_from_the_log_verify_with_the_CLI()
    {
        var member = await platform.Member($"Proof Member {Guid.NewGuid():N}");
        var applied = (await RegistryEvents()).First(e => (string)e!["streamId"]! == member.MemberId.ToString())!;
        var receipt = await Receipt((Guid)applied["id"]!);
        var (index, size) = ((long)receipt["leafIdx"]!, (long)receipt["treeSize"]!);
        var inclusion = await (await platform.Http.GetAsync($"/api/log/proofs/inclusion?leafIndex={index}&treeSize={size}")).Read();
        var consistency = await (await platform.Http.GetAsync($"/api/log/proofs/consistency?first={Math.Max(1, index)}&second={size}")).Read();
        var tampered = consistency.DeepClone();
        tampered["size1"] = (long)consistency["size1"]! + 1;
        var files = new[] { Save("inclusion.json", inclusion), Save("consistency.json", consistency), Save("tampered.json", tampered) };

        var (exit, output) = await Cli("log", "verify-inclusion", files[0]);
        Assert.True(exit == 0, output);
        (exit, output) = await Cli("log", "verify-consistency", files[1]);
        Assert.True(exit == 0, output);
        (exit, output) = await Cli("log", "verify-consistency", files[1], files[2]);
        Assert.Equal(1, exit);
        Assert.Contains($"{files[2]}: invalid (", output);

        using var wrongField = await platform.Http.GetAsync($"/api/log/proofs/inclusion?leafIndex={size}&treeSize={size}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongField.StatusCode);
        Assert.Contains("leafIndex", await wrongField.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_audit_reports_an_altered_a_deleted_and_an_inserted_event_by_kind_stream_and_version()
    {
        var member = await platform.Member($"Audit Member {Guid.NewGuid():N}");
        (await platform.Secretariat.Post($"/api/members/{member.MemberId}/tier", new { tier = "strategic" })).EnsureSuccessStatusCode();
        var services = new[] { platform.Registry.Url, platform.Governance.Url, platform.Compatibility.Url };
        var key = await Key();
        string[] Audit() => ["log", "audit", "--log", $"{platform.Gateway.Url}/api", "--key", key, .. services.SelectMany(s => new[] { "--service", s })];
        // Everything stored so far reaches the log (and a checkpoint covers it): the audit is clean.
        var clean = (0, "");
        await Eventually.True(async () => (clean = await Cli(Audit())).Item1 == 0, "a clean audit", TimeSpan.FromSeconds(90));
        Assert.Contains("audit: ok", clean.Item2);
        // The same through the gateway alone: the log at /api/log, every service's events at /api/audit/{service}/events.
        var gateway = await Cli("log", "audit", "--url", platform.Gateway.Url, "--key", key);
        Assert.True(gateway.Exit == 0, gateway.Output);
        Assert.Contains("audit: ok", gateway.Output);
        var routes = (await platform.Http.GetNode("/api/audit")).AsArray().Select(r => (string)r!["service"]!).ToList();
        Assert.Contains("registry", routes);
        Assert.Contains("compatibility", routes);

        var stream = (await RegistryEvents()).Where(e => (string)e!["streamId"]! == member.MemberId.ToString()).OrderBy(e => (long)e!["version"]!).ToList();
        Assert.True(stream.Count >= 3, "applied, admitted, credential issued, tier changed");
        var (altered, deleted, copied) = (stream[0]!, stream[1]!, stream[^1]!);
        await using (var db = platform.Servers.Admin(platform.Servers.Database("registry")))
        {
            // One byte of the data: a letter of the applicant's name.
            await Sql(db, "update mt_events set data = replace(data::text, 'Audit Member', 'Audit Membex')::jsonb where id = @id", altered["id"]);
            // The deleted event's sequence number is reused by the forged one, below what the forwarder already read: nothing forwards it.
            var seq = (long)deleted["sequence"]!;
            await Sql(db, "delete from mt_events where id = @id", deleted["id"]);
            await using var insert = new NpgsqlCommand("""
                insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
                select @seq, gen_random_uuid(), stream_id, 99, data, type, timestamp, tenant_id, mt_dotnet_type from mt_events where id = @id
                """, db);
            insert.Parameters.AddWithValue("seq", seq);
            insert.Parameters.AddWithValue("id", Guid.Parse((string)copied["id"]!));
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var (exit, output) = await Cli(Audit());
        Assert.Equal(1, exit);
        var s = member.MemberId.ToString();
        Assert.Contains($"altered: registry stream {s} version {altered["version"]} event {altered["id"]}", output);
        Assert.Contains("differs from leaf", output);
        Assert.Contains($"extra: leaf", output);
        Assert.Contains($"registry stream {s} version {deleted["version"]} event {deleted["id"]}", output);
        Assert.Contains($"missing: registry stream {s} version 99", output);
        Assert.Contains($"gap: registry stream {s} has no version {deleted["version"]}", output);
        Assert.Contains("audit: 5 finding(s)", output);
        var (gatewayExit, gatewayOutput) = await Cli("log", "audit", "--url", platform.Gateway.Url, "--key", key);
        Assert.Equal(1, gatewayExit);
        Assert.Contains($"altered: registry stream {s} version {altered["version"]} event {altered["id"]}", gatewayOutput);
        Assert.Contains("audit: 5 finding(s)", gatewayOutput);
    }

    private static async Task Sql(NpgsqlConnection db, string sql, JsonNode? id)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("id", Guid.Parse((string)id!));
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }
}
