using System.Text;

namespace Alliance.Transparency;

/// <summary>
/// C2SP signed-note: a UTF-8 text ending in a newline, a blank line, then one line per signature,
/// "— name base64(key id ‖ signature)" (U+2014 EM DASH). The signature covers the text's bytes up to and including its
/// last newline. The same format Go's golang.org/x/mod/sumdb/note reads and writes.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    private const string Dash = "\u2014 ";

    public static string Sign(string text, params NoteSigner[] signers)
    {
        CheckText(text);
        var lines = new StringBuilder(text).Append('\n');
        foreach (var signer in signers)
            lines.Append(Dash).Append(signer.Name).Append(' ')
                .Append(Convert.ToBase64String([.. signer.Verifier.KeyId, .. signer.Sign(Encoding.UTF8.GetBytes(text))])).Append('\n');
        return lines.ToString();
    }

    /// <summary>Adds signature lines (a witness's cosignature) to a note, keeping the ones it has.</summary>
    public string WithSignatures(IEnumerable<NoteSignature> more) =>
        Render(Text, Signatures.Concat(more.Where(m => !Signatures.Any(s => s.Name == m.Name && s.KeyId.AsSpan().SequenceEqual(m.KeyId)))));

    public static string Render(string text, IEnumerable<NoteSignature> signatures)
    {
        var lines = new StringBuilder(text).Append('\n');
        foreach (var s in signatures) lines.Append(Dash).Append(s.Name).Append(' ').Append(Convert.ToBase64String([.. s.KeyId, .. s.Signature])).Append('\n');
        return lines.ToString();
    }

    public static SignedNote Parse(string note)
    {
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new FormatException("a signed note is its text, a blank line and signature lines");
        var text = note[..(split + 1)];
        CheckText(text);
        var rest = note[(split + 2)..];
        if (!rest.EndsWith('\n')) throw new FormatException("a signed note ends with a newline");
        var signatures = new List<NoteSignature>();
        foreach (var line in rest[..^1].Split('\n'))
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal)) throw new FormatException("a signature line starts with \"\u2014 \"");
            var parts = line[Dash.Length..].Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0) throw new FormatException("a signature line is \"\u2014 name base64\"");
            byte[] blob;
            try { blob = Convert.FromBase64String(parts[1]); }
            catch (FormatException) { throw new FormatException("a signature is not base64"); }
            if (blob.Length < 5) throw new FormatException("a signature is shorter than its key id");
            signatures.Add(new NoteSignature(parts[0], blob[..4], blob[4..]));
        }
        if (signatures.Count == 0) throw new FormatException("the note has no signature");
        return new SignedNote(text, signatures);
    }

    /// <summary>Null when a signature by this key is present and valid; otherwise why not. Signatures by other keys are ignored.</summary>
    public string? VerifyBy(NoteVerifier verifier)
    {
        var mine = Signatures.Where(s => s.Name == verifier.Name && s.KeyId.AsSpan().SequenceEqual(verifier.KeyId)).ToList();
        if (mine.Count == 0) return $"the note is not signed by {verifier.Name}+{Convert.ToHexString(verifier.KeyId).ToLowerInvariant()}";
        if (verifier.Type != NoteVerifier.Ed25519) return "this key is a cosignature key; check it with Cosignature.Verify";
        return mine.Any(s => verifier.Verify(Encoding.UTF8.GetBytes(Text), s.Signature)) ? null : $"the signature by {verifier.Name} is not valid for this text";
    }

    private static void CheckText(string text)
    {
        if (text.Length == 0 || !text.EndsWith('\n')) throw new FormatException("a note's text ends with a newline");
        if (text.Contains("\n\n", StringComparison.Ordinal) || text.StartsWith('\n')) throw new FormatException("a note's text has no blank line");
    }
}

public sealed record NoteSignature(string Name, byte[] KeyId, byte[] Signature);
