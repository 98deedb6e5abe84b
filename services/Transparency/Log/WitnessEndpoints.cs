using Alliance.Hosting;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// Witnesses (C2SP tlog-cosignature): a member's admin (the secretariat: for any member) registers a witness's Ed25519 key;
/// the witness checks each new checkpoint against the last one it cosigned and posts its cosignature, which the log keeps
/// only when it verifies with the registered key and is on a checkpoint the log signed; GET /log/checkpoint then carries
/// every cosignature of that checkpoint. A witness that finds a checkpoint inconsistent posts an alarm, signed with its
/// key, and the alarms are public. Cosignatures and alarms prove themselves (their signature), so posting them needs no token.
/// </summary>
public static class WitnessEndpoints
{
    public const int MaxReason = 1000;

    /// <summary>How far in the future a cosignature's time may be (clocks differ a little).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    public sealed record RegisterWitness(string? Name, string? Key, Guid? MemberId);

    public sealed record WitnessView(string Name, string VerifierKey, string PublicKey, string KeyId, Guid MemberId, DateTimeOffset RegisteredAt);

    public sealed record PostCosignature(string? Checkpoint, string? Cosignature);

    public sealed record CosignatureView(string Witness, ulong TreeSize, ulong Timestamp);

    public sealed record PostAlarm(string? Checkpoint, string? Cosigned, string? Reason, string? Signature);

    public sealed record AlarmView(long Id, string Witness, ulong Timestamp, string Reason, string Checkpoint, string? Cosigned, bool LogSigned, string Signature, DateTimeOffset ReportedAt);

    internal sealed record WitnessRow(string Name, byte[] PublicKey, Guid MemberId, DateTime RegisteredAt)
    {
        public NoteVerifier Verifier => new(Name, NoteVerifier.CosignatureV1, PublicKey);

        public WitnessView View() => new(Name, Verifier.VerifierString, Convert.ToBase64String(PublicKey), Convert.ToHexString(Verifier.KeyId).ToLowerInvariant(), MemberId, new DateTimeOffset(RegisteredAt, TimeSpan.Zero));
    }

    public static RouteGroupBuilder MapWitnesses(this RouteGroupBuilder log)
    {
        log.MapPost("/witnesses", async (RegisterWitness body, NpgsqlDataSource db, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            NoteVerifier key;
            if (string.IsNullOrWhiteSpace(body.Key)) throw Invalid("key", "key is required: a verifier key name+keyid+base64(0x04 ‖ key), or a raw base64 Ed25519 public key with name.");
            try { key = Cosignature.WitnessKey(body.Name, body.Key); }
            catch (FormatException e) { throw Invalid(e.Message.Contains("name", StringComparison.Ordinal) ? "name" : "key", e.Message); }
            try { Cosignature.CheckName(key.Name); }
            catch (FormatException e) { throw Invalid("name", e.Message); }
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            Guid member;
            if (actor.IsSecretariat)
            {
                member = body.MemberId ?? throw Invalid("memberId", "memberId is required: the member whose witness this is.");
                var status = await connection.ExecuteScalarAsync<string?>("select status from member_status where member_id = @member", new { member });
                if (status != "admitted") throw Invalid("memberId", "memberId is not a member in good standing.");
            }
            else
            {
                member = actor.MemberId ?? throw new Forbidden("Only a member's admin or the secretariat registers a witness.");
                if (body.MemberId is { } other && other != member) throw new Forbidden("This credential acts for another member.");
            }
            var row = await WitnessStore.Register(connection, key, member, actor.Describe())
                ?? throw new DomainRuleViolated("witness-taken", $"A witness named {key.Name} or with this key is already registered.");
            return TypedResults.Created($"{http.Request.PathBase}/log/witnesses", row.View());
        }).RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.MemberAdmin},{Roles.Secretariat}" })
          .WithSummary("Register a member's witness key (its member-admin; the secretariat for any member)");

        log.MapGet("/witnesses", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return (await Witnesses(connection)).Select(w => w.View()).ToList();
        }).WithSummary("The registered witnesses and their verifier keys (public)");

        log.MapPost("/cosignatures", async (PostCosignature body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var cosignature = ParseLine("cosignature", body.Cosignature);
            var text = CheckpointText("checkpoint", body.Checkpoint);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var witness = await Witness(connection, cosignature.Name) ?? throw Invalid("cosignature", $"No witness named {cosignature.Name} is registered.");
            if (Cosignature.Verify(witness.Verifier, text, cosignature) is { } wrong) throw Invalid("cosignature", wrong);
            var timestamp = Cosignature.TimestampOf(cosignature).Timestamp!.Value;
            if (DateTimeOffset.FromUnixTimeSeconds((long)timestamp) > clock.GetUtcNow() + MaxClockSkew) throw Invalid("cosignature", "The cosignature's time is in the future.");
            // Only a checkpoint the log signed, word for word: a cosignature on anything else is not stored.
            var checkpoint = Checkpoint.Parse(text);
            var signed = await connection.QuerySingleOrDefaultAsync<string?>("select note from log_checkpoints where tree_size = @size", new { size = (long)checkpoint.Size });
            if (signed is null || SignedNote.Parse(signed).Text != text) throw Invalid("checkpoint", "The log never signed this checkpoint.");
            await WitnessStore.Cosigned(connection, witness.Name, checkpoint.Size, timestamp, cosignature.Signature);
            return TypedResults.Created($"{http.Request.PathBase}/log/checkpoint?treeSize={checkpoint.Size}", new CosignatureView(witness.Name, checkpoint.Size, timestamp));
        }).WithSummary("A witness's C2SP tlog-cosignature on a checkpoint the log signed (verified against its registered key; no token)");

        log.MapPost("/alarms", async (PostAlarm body, NpgsqlDataSource db, LogKeys keys, HttpContext http) =>
        {
            var signature = ParseLine("signature", body.Signature);
            if (string.IsNullOrWhiteSpace(body.Reason)) throw Invalid("reason", "reason is required: why the witness refused the checkpoint.");
            if (body.Reason.Length > MaxReason || body.Reason.Contains('\n', StringComparison.Ordinal)) throw Invalid("reason", $"reason is one line of at most {MaxReason} characters.");
            var note = body.Checkpoint ?? throw Invalid("checkpoint", "checkpoint is required: the signed checkpoint the witness refused, as it received it.");
            var text = CheckpointText("checkpoint", note);
            string? cosigned = null;
            if (body.Cosigned is { Length: > 0 }) cosigned = CheckpointText("cosigned", body.Cosigned);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var witness = await Witness(connection, signature.Name) ?? throw Invalid("signature", $"No witness named {signature.Name} is registered.");
            if (Cosignature.Verify(witness.Verifier, Cosignature.AlarmText(body.Reason, text), signature, Cosignature.AlarmHeader) is { } wrong) throw Invalid("signature", wrong);
            var logSigned = Checkpoint.OpenSigned(note, (await keys.Signer(http.RequestAborted)).Verifier).Error is null;
            var id = await WitnessStore.Alarm(connection, witness.Name, Cosignature.TimestampOf(signature).Timestamp!.Value, body.Reason, note, cosigned, logSigned, signature.Signature);
            return TypedResults.Created($"{http.Request.PathBase}/log/alarms", new AlarmRecorded(id, witness.Name, logSigned));
        }).WithSummary("A witness reports a checkpoint it refused (signed with its key; no token)");

        log.MapGet("/alarms", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<(long Id, string Witness, long SignedAt, string Reason, string Checkpoint, string? Cosigned, bool LogSigned, byte[] Signature, DateTime ReportedAt)>(
                "select a.id, a.witness, a.signed_at, a.reason, a.checkpoint, a.cosigned, a.log_signed, a.signature, a.reported_at from log_alarms a order by a.id desc limit 1000");
            var witnesses = (await Witnesses(connection)).ToDictionary(w => w.Name);
            return rows.Select(r => new AlarmView(r.Id, r.Witness, (ulong)r.SignedAt, r.Reason, r.Checkpoint, r.Cosigned, r.LogSigned,
                Cosignature.Line(new NoteSignature(r.Witness, witnesses[r.Witness].Verifier.KeyId, r.Signature)).TrimEnd('\n'), new DateTimeOffset(r.ReportedAt, TimeSpan.Zero))).ToList();
        }).WithSummary("Every alarm witnesses reported, newest first (public)");
        return log;
    }

    /// <summary>A checkpoint note with every stored cosignature of it appended, after the log's own signature.</summary>
    public static async Task<string> WithCosignatures(NpgsqlConnection connection, ulong size, string note)
    {
        var rows = (await connection.QueryAsync<(string Witness, byte[] PublicKey, byte[] Signature)>("""
            select c.witness, w.public_key, c.signature from log_cosignatures c join log_witnesses w on w.name = c.witness
            where c.tree_size = @size order by c.witness
            """, new { size = (long)size })).ToList();
        if (rows.Count == 0) return note;
        var signed = SignedNote.Parse(note);
        return signed.WithSignatures(rows.Select(r => new NoteSignature(r.Witness, new NoteVerifier(r.Witness, NoteVerifier.CosignatureV1, r.PublicKey).KeyId, r.Signature)));
    }

    private static async Task<IReadOnlyList<WitnessRow>> Witnesses(NpgsqlConnection connection) =>
        [.. await connection.QueryAsync<WitnessRow>("select name, public_key as PublicKey, member_id as MemberId, registered_at as RegisteredAt from log_witnesses order by name")];

    private static Task<WitnessRow?> Witness(NpgsqlConnection connection, string name) =>
        connection.QuerySingleOrDefaultAsync<WitnessRow?>("select name, public_key as PublicKey, member_id as MemberId, registered_at as RegisteredAt from log_witnesses where name = @name", new { name });

    private static NoteSignature ParseLine(string field, string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) throw Invalid(field, $"{field} is required: a signature line \"\u2014 name base64(key id ‖ timestamp ‖ signature)\".");
        try { return Cosignature.ParseLine(line); }
        catch (FormatException e) { throw Invalid(field, e.Message); }
    }

    /// <summary>The checkpoint's text: a signed note (its signature lines are set aside) or the bare text, and a valid checkpoint.</summary>
    private static string CheckpointText(string field, string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) throw Invalid(field, $"{field} is required: the checkpoint (its signed note, or its text).");
        try
        {
            var text = note.Contains("\n\n", StringComparison.Ordinal) ? SignedNote.Parse(note).Text : note;
            Checkpoint.Parse(text);
            return text;
        }
        catch (FormatException e) { throw Invalid(field, e.Message); }
    }

    private static ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>LogSigned: whether the refused checkpoint carries the log's own valid signature (evidence anyone can check).</summary>
    public sealed record AlarmRecorded(long Id, string Witness, bool LogSigned);
}
