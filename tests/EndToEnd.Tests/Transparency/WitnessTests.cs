using System.Diagnostics;
using System.Net;
using System.Text;
using Alliance.Testing;
using Alliance.Transparency;
using Alliance.Transparency.Service.Log;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests.Transparency;

/// <summary>A platform of its own: the fork test rewrites the log's tables, which no other test should see.</summary>
public sealed class WitnessPlatformFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-witness";

    protected override bool WithPortal => false;
}

[CollectionDefinition(Name)]
public sealed class WitnessCollection : ICollectionFixture<WitnessPlatformFixture>
{
    public const string Name = "witness-platform";
}

/// <summary>
/// Witnesses through the gateway with the real `alliance log witness`: a member's admin registers a key, the witness
/// cosigns and the checkpoint carries its cosignature; forged cosignatures are refused and not stored; and a log whose
/// history was rewritten (its tables changed in SQL, then signed by the log's own key) is refused and reported as an alarm.
/// </summary>
[Collection(WitnessCollection.Name)]
public sealed class WitnessTests(WitnessPlatformFixture platform)
{
    private readonly string work = Directory.CreateTempSubdirectory("alliance-witness-").FullName;

    private string Api => $"{platform.Gateway.Url}/api";

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

    /// <summary>A witness key made by the CLI, registered by a fresh member's admin; its name, key file and verifier key.</summary>
    private async Task<(string Name, string KeyFile, string VerifierKey, Guid MemberId)> RegisteredWitness()
    {
        var admin = await platform.Member($"Witness Member {Guid.NewGuid():N}", role: "member-admin");
        var name = $"witness.{Guid.NewGuid():N}.example/w1";
        var keyFile = Path.Combine(work, $"{Guid.NewGuid():N}.key");
        var (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 0, output);
        var verifierKey = File.ReadAllText(keyFile + ".pub").Trim();
        Assert.Contains(verifierKey, output);
        using var registered = await admin.Client.Post("/api/log/witnesses", new { key = verifierKey });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var view = await registered.Read();
        Assert.Equal(name, (string)view["name"]!);
        Assert.Equal(admin.MemberId, (Guid)view["memberId"]!);
        return (name, keyFile, verifierKey, admin.MemberId);
    }

    private async Task<string> Checkpoint(ulong? size = null)
    {
        string? note = null;
        await Eventually.True(async () =>
        {
            using var response = await platform.Http.GetAsync(size is null ? "/api/log/checkpoint" : $"/api/log/checkpoint?treeSize={size}");
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            note = await response.Content.ReadAsStringAsync();
            return true;
        }, "a signed checkpoint", TimeSpan.FromSeconds(60));
        return note!;
    }

    private static ulong SizeOf(string note) => Alliance.Transparency.Checkpoint.Parse(SignedNote.Parse(note).Text).Size;

    /// <summary>Waits until the log has signed a checkpoint larger than size (new events reach it within a second).</summary>
    private async Task<string> CheckpointAbove(ulong size)
    {
        string note = "";
        await Eventually.True(async () => SizeOf(note = await Checkpoint()) > size, $"a checkpoint above {size}", TimeSpan.FromSeconds(60));
        return note;
    }

    [Fact]
    public async Task A_witness_cosigns_and_the_checkpoint_then_carries_its_cosignature_verifiable_with_its_key()
    {
        var (name, keyFile, verifierKey, memberId) = await RegisteredWitness();
        var first = SizeOf(await Checkpoint());

        var (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 0, output);
        Assert.Contains("cosigned checkpoint", output);
        var cosignedSize = CosignedSize(output);
        Assert.True(cosignedSize >= first);

        var note = SignedNote.Parse(await Checkpoint(cosignedSize));
        var mine = Assert.Single(note.Signatures, s => s.Name == name);
        Assert.Null(Cosignature.Verify(NoteVerifier.Parse(verifierKey), note.Text, mine));
        // The log's own signature is still there and still verifies.
        var logKey = (string)(await platform.Http.GetNode("/api/log/key"))["verifierKey"]!;
        Assert.Null(note.VerifyBy(NoteVerifier.Parse(logKey)));
        Assert.Contains((await platform.Http.GetNode("/api/log/witnesses")).AsArray(), w => (string)w!["name"]! == name && (Guid)w["memberId"]! == memberId);

        // More events, a larger checkpoint: the witness checks the consistency proof from what it cosigned, and cosigns again.
        await platform.Member($"Witnessed Member {Guid.NewGuid():N}");
        await CheckpointAbove(cosignedSize);
        (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 0, output);
        Assert.True(CosignedSize(output) > cosignedSize, output);
    }

    private static ulong CosignedSize(string output) =>
        ulong.Parse(output.Split("cosigned checkpoint ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Only_a_member_admin_or_the_secretariat_registers_a_witness_and_a_bad_key_is_refused_by_field()
    {
        var member = await platform.Member($"Plain Member {Guid.NewGuid():N}");
        using var key = NoteSigner.Generate($"witness.{Guid.NewGuid():N}.example/w1", NoteVerifier.CosignatureV1);
        using (var refused = await member.Client.Post("/api/log/witnesses", new { key = key.Verifier.VerifierString }))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var anonymous = await platform.Http.Post("/api/log/witnesses", new { key = key.Verifier.VerifierString }))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var bad = await platform.Secretariat.Post("/api/log/witnesses", new { name = "w.example/w1", key = "AAAA", memberId = member.MemberId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.NotNull((await bad.Read())["errors"]!["key"]);
        }
        using (var noMember = await platform.Secretariat.Post("/api/log/witnesses", new { key = key.Verifier.VerifierString }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noMember.StatusCode);
            Assert.NotNull((await noMember.Read())["errors"]!["memberId"]);
        }
        // The secretariat registers for any member, here with a raw public key and the name apart.
        await Eventually.True(async () =>
        {
            using var registered = await platform.Secretariat.Post("/api/log/witnesses",
                new { name = key.Name, key = Convert.ToBase64String(key.Verifier.PublicKey), memberId = member.MemberId });
            return registered.StatusCode == HttpStatusCode.Created;
        }, "the Transparency service knows the new member", TimeSpan.FromSeconds(30));
        using var again = await platform.Secretariat.Post("/api/log/witnesses", new { key = key.Verifier.VerifierString, memberId = member.MemberId });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_forged_cosignature_is_refused_and_not_stored()
    {
        var (name, keyFile, _, _) = await RegisteredWitness();
        using var witness = Cosignature.ReadPrivateKey(File.ReadAllText(keyFile));
        var note = await Checkpoint();
        var size = SizeOf(note);
        var text = SignedNote.Parse(note).Text;
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // Another key under the witness's name.
        using var impostor = NoteSigner.Generate(name, NoteVerifier.CosignatureV1);
        await Refused(note, Cosignature.Line(Cosignature.Sign(impostor, text, now)), "cosignature");
        // The right key on a checkpoint the log never signed: its size with another root.
        var forged = new Alliance.Transparency.Checkpoint(Alliance.Transparency.Checkpoint.Parse(text).Origin, size, new byte[32]).Body;
        await Refused(forged, Cosignature.Line(Cosignature.Sign(witness, forged, now)), "checkpoint");
        // The right key on the right checkpoint, but the signature is over another time than the line says.
        var line = Cosignature.Sign(witness, text, now);
        var blob = line.Signature.ToArray();
        blob[7] ^= 1;
        await Refused(note, Cosignature.Line(line with { Signature = blob }), "cosignature");
        // A witness nobody registered.
        using var stranger = NoteSigner.Generate($"witness.{Guid.NewGuid():N}.example/w1", NoteVerifier.CosignatureV1);
        await Refused(note, Cosignature.Line(Cosignature.Sign(stranger, text, now)), "cosignature");
        Assert.DoesNotContain($"\u2014 {name} ", await Checkpoint(size));

        // The genuine one is taken: the refusals above were for their faults, not for the endpoint's.
        using var genuine = await platform.Http.Post("/api/log/cosignatures", new { checkpoint = note, cosignature = Cosignature.Line(line) });
        Assert.True(genuine.StatusCode == HttpStatusCode.Created, await genuine.Content.ReadAsStringAsync());
        Assert.Contains(Cosignature.Line(line), await Checkpoint(size));
    }

    private async Task Refused(string checkpoint, string cosignature, string field)
    {
        using var response = await platform.Http.Post("/api/log/cosignatures", new { checkpoint, cosignature });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Read())["errors"]![field]);
    }

    [Fact]
    public async Task A_rewritten_history_is_refused_by_the_witness_and_reported_as_an_alarm()
    {
        var (name, keyFile, _, _) = await RegisteredWitness();
        await Checkpoint();
        var (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 0, output);
        var cosigned = CosignedSize(output);

        // The operator rewrites the log: one byte of leaf 0 changes, a leaf is added, every stored hash is recomputed to match,
        // all under the appenders' lock. The log's signer then signs the new tree with the log's own key.
        await using (var db = platform.Servers.Admin(platform.Servers.Database("transparency")))
        {
            await using var tx = await db.BeginTransactionAsync();
            await using (var lockHead = new NpgsqlCommand("select tree_size from log_head where id = 1 for update", db, tx)) await lockHead.ExecuteScalarAsync();
            var leaves = new List<byte[]>();
            await using (var read = new NpgsqlCommand("select leaf from log_leaves order by leaf_index", db, tx))
            await using (var rows = await read.ExecuteReaderAsync())
                while (await rows.ReadAsync()) leaves.Add((byte[])rows[0]);
            leaves[0] = leaves[0].ToArray();
            leaves[0][^3] ^= 1;
            leaves.Add(Encoding.UTF8.GetBytes("{\"forged\":true}"));
            var frontier = new Frontier();
            var nodes = leaves.SelectMany(l => frontier.Append(Rfc6962.LeafHash(l))).ToList();
            await Execute(db, tx, "update log_leaves set leaf = @leaf where leaf_index = 0", ("leaf", leaves[0]));
            await Execute(db, tx, "insert into log_leaves (leaf_index, event_id, leaf) values (@index, gen_random_uuid(), @leaf)", ("index", (long)leaves.Count - 1), ("leaf", leaves[^1]));
            await Execute(db, tx, "delete from log_nodes");
            await LogTables.CopyNodes(db, nodes);
            await Execute(db, tx, "update log_head set tree_size = @size, root = @root where id = 1", ("size", (long)frontier.Size), ("root", frontier.Root()));
            await tx.CommitAsync();
        }
        var forked = await CheckpointAbove(cosigned);

        (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 1, output);
        Assert.Contains("ALARM", output);
        Assert.Contains("alarm reported", output);
        Assert.DoesNotContain($"\u2014 {name} ", await Checkpoint(SizeOf(forked)));

        var alarm = Assert.Single((await platform.Http.GetNode("/api/log/alarms")).AsArray(), a => (string)a!["witness"]! == name)!;
        Assert.Contains("not consistent", (string)alarm["reason"]!);
        Assert.True((bool)alarm["logSigned"]!, "the refused checkpoint carries the log's own signature: evidence against the log");
        Assert.Equal(SizeOf(forked), SizeOf((string)alarm["checkpoint"]!));
        // A second round still refuses: the witness does not move on to the forked history.
        (exit, output) = await Cli("log", "witness", "--url", Api, "--key", keyFile, "--name", name, "--once");
        Assert.True(exit == 1, output);
    }

    private static async Task Execute(NpgsqlConnection db, NpgsqlTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, db, tx);
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v);
        await cmd.ExecuteNonQueryAsync();
    }
}
