using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Alliance.Transparency;

/// <summary>
/// C2SP tlog-cosignature v1, Ed25519: a witness's note signature on a checkpoint it checked. The key id is
/// SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]; the signature line is "— name base64(key id ‖ u64 timestamp, big-endian ‖
/// Ed25519 signature)", and the signed message is "cosignature/v1\ntime &lt;POSIX seconds, decimal&gt;\n" followed by the whole
/// checkpoint text (its final newline included, no signature lines). The message does not commit to the name, so one
/// key serves one witness name only. A witness key is an ordinary Ed25519 key: the same 32-byte seed as a signed-note key.
/// </summary>
public static class Cosignature
{
    public const string Header = "cosignature/v1";

    /// <summary>
    /// The header of a witness's alarm (this platform's, not C2SP's): the same timestamped signature over the checkpoint it
    /// refuses, under another first line, so an alarm can never pass for a cosignature nor a cosignature for an alarm.
    /// </summary>
    public const string AlarmHeader = "alliance-log-alarm/v1";

    /// <summary>What an alarm's signature covers after its header and time: the reason line, then the refused checkpoint's text.</summary>
    public static string AlarmText(string reason, string checkpointText) => $"reason {reason}\n{checkpointText}";

    public static byte[] Message(string checkpointText, ulong timestamp, string header = Header) =>
        Encoding.UTF8.GetBytes($"{header}\ntime {timestamp.ToString(CultureInfo.InvariantCulture)}\n{checkpointText}");

    /// <summary>The witness's signature on a checkpoint text at the given time (seconds since the epoch).</summary>
    public static NoteSignature Sign(NoteSigner witness, string checkpointText, ulong timestamp, string header = Header)
    {
        if (witness.Verifier.Type != NoteVerifier.CosignatureV1) throw new ArgumentException("a cosignature is made with a cosignature (0x04) key", nameof(witness));
        if (timestamp > long.MaxValue) throw new ArgumentOutOfRangeException(nameof(timestamp), "a cosignature's time is at most 2^63-1");
        var blob = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64BigEndian(blob, timestamp);
        witness.Sign(Message(checkpointText, timestamp, header)).CopyTo(blob, 8);
        return new NoteSignature(witness.Name, witness.Verifier.KeyId, blob);
    }

    /// <summary>The signature line, as it is appended to the note: "— name base64(key id ‖ timestamp ‖ signature)\n".</summary>
    public static string Line(NoteSignature cosignature) =>
        $"\u2014 {cosignature.Name} {Convert.ToBase64String([.. cosignature.KeyId, .. cosignature.Signature])}\n";

    /// <summary>Reads one signature line ("— name base64…", with or without its newline).</summary>
    public static NoteSignature ParseLine(string line)
    {
        var text = line.EndsWith('\n') ? line : line + "\n";
        if (text.IndexOf('\n') != text.Length - 1) throw new FormatException("a cosignature is one signature line");
        // A note of one placeholder line carrying the signature: SignedNote's own parser reads the line.
        return SignedNote.Parse("x\n\n" + text).Signatures.Single();
    }

    /// <summary>The cosignature's time, or why it is not one: the blob after the key id is 8 bytes of time and 64 of signature.</summary>
    public static (ulong? Timestamp, string? Error) TimestampOf(NoteSignature cosignature)
    {
        if (cosignature.Signature.Length != 8 + 64) return (null, $"a cosignature is 4 + 8 + 64 bytes, not {4 + cosignature.Signature.Length}");
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(cosignature.Signature);
        return timestamp > long.MaxValue ? (null, "the cosignature's time exceeds 2^63-1") : (timestamp, null);
    }

    /// <summary>Null when the cosignature is by this witness key on this checkpoint text; otherwise why not.</summary>
    public static string? Verify(NoteVerifier witness, string checkpointText, NoteSignature cosignature, string header = Header)
    {
        if (witness.Type != NoteVerifier.CosignatureV1) return "the witness key is not a cosignature (0x04) key";
        if (cosignature.Name != witness.Name) return $"the cosignature is by {cosignature.Name}, not {witness.Name}";
        if (!cosignature.KeyId.AsSpan().SequenceEqual(witness.KeyId))
            return $"the cosignature's key id {Convert.ToHexString(cosignature.KeyId).ToLowerInvariant()} is not {witness.Name}'s ({Convert.ToHexString(witness.KeyId).ToLowerInvariant()})";
        var (timestamp, error) = TimestampOf(cosignature);
        if (error is not null) return error;
        return witness.Verify(Message(checkpointText, timestamp!.Value, header), cosignature.Signature.AsSpan(8))
            ? null : $"the cosignature by {witness.Name} is not valid for this checkpoint";
    }

    /// <summary>
    /// A witness's key as registered: a C2SP verifier key "name+keyid+base64(0x04 ‖ key)" (a 0x01 signed-note key of the same
    /// name is taken as the same Ed25519 key), or the raw 32-byte public key in base64 with the name given apart.
    /// </summary>
    public static NoteVerifier WitnessKey(string? name, string key)
    {
        key = key.Trim();
        if (key.Contains('+', StringComparison.Ordinal) && key.Split('+').Length >= 3 && !IsRawKey(key))
        {
            var parsed = NoteVerifier.Parse(key);
            if (name is { Length: > 0 } && name != parsed.Name) throw new FormatException($"the key is named {parsed.Name}, not {name}");
            return new NoteVerifier(parsed.Name, NoteVerifier.CosignatureV1, parsed.PublicKey);
        }
        if (name is not { Length: > 0 }) throw new FormatException("a raw public key needs the witness's name");
        CheckName(name);
        byte[] raw;
        try { raw = Convert.FromBase64String(key); }
        catch (FormatException) { throw new FormatException("the key is neither a verifier key (name+keyid+base64) nor base64"); }
        if (raw.Length != 32) throw new FormatException($"a raw Ed25519 public key is 32 bytes, not {raw.Length}");
        return new NoteVerifier(name, NoteVerifier.CosignatureV1, raw);
    }

    /// <summary>A key name: no spaces, no '+', no newline (signed-note's rule), at most 200 characters.</summary>
    public static void CheckName(string name)
    {
        if (name.Length is 0 or > 200 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '+'))
            throw new FormatException("a witness name is 1 to 200 characters, without spaces, '+' or control characters");
    }

    /// <summary>
    /// A witness's private key as text, in golang.org/x/mod/sumdb/note's signer-key format:
    /// "PRIVATE+KEY+name+hex(key id)+base64(0x01 ‖ 32-byte seed)" (what note.GenerateKey writes; transparency-dev's
    /// cosigners take the same). The cosignature key id is then the one with 0x04.
    /// </summary>
    public static string PrivateKeyText(NoteSigner witness)
    {
        var seed = witness.ExportSeed();
        using var plain = NoteSigner.FromSeed(witness.Name, seed);
        return $"PRIVATE+KEY+{witness.Name}+{Convert.ToHexString(plain.Verifier.KeyId).ToLowerInvariant()}+{Convert.ToBase64String([NoteVerifier.Ed25519, .. seed])}";
    }

    /// <summary>Reads a signer key (type 0x01 or 0x04) and answers the witness's cosignature signer; refuses a key whose id does not match.</summary>
    public static NoteSigner ReadPrivateKey(string text)
    {
        var parts = text.Trim().Split('+', 5);
        if (parts.Length != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY") throw new FormatException("a private key is PRIVATE+KEY+name+keyid+base64(type ‖ seed)");
        CheckName(parts[2]);
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[4]); }
        catch (FormatException) { throw new FormatException("the private key's last part is not base64"); }
        if (blob.Length != 33 || blob[0] is not (NoteVerifier.Ed25519 or NoteVerifier.CosignatureV1)) throw new FormatException("only Ed25519 private keys (type 0x01 or 0x04, 32 bytes) are supported");
        var signer = NoteSigner.FromSeed(parts[2], blob[1..], NoteVerifier.CosignatureV1);
        var id = NoteVerifier.KeyIdOf(parts[2], blob[0], signer.Verifier.PublicKey);
        if (!string.Equals(Convert.ToHexString(id), parts[3], StringComparison.OrdinalIgnoreCase))
        {
            signer.Dispose();
            throw new FormatException("the private key's id does not match its name and key");
        }
        return signer;
    }

    private static bool IsRawKey(string key)
    {
        try { return Convert.FromBase64String(key).Length == 32; }
        catch (FormatException) { return false; }
    }
}
