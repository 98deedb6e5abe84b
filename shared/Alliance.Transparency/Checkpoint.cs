using System.Globalization;

namespace Alliance.Transparency;

/// <summary>
/// C2SP tlog-checkpoint: the signed note's text is "origin\ntree size\nbase64(root hash)\n", then optional extension lines.
/// The origin names the log (and, by convention, its key).
/// </summary>
public sealed record Checkpoint(string Origin, ulong Size, byte[] Root)
{
    public string Body => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";

    public static Checkpoint Parse(string body)
    {
        var lines = body.Split('\n');
        if (lines.Length < 4 || lines[^1] != "") throw new FormatException("a checkpoint is origin, size and root hash, each on its own line");
        if (lines[0].Length == 0) throw new FormatException("the checkpoint's origin is empty");
        if (!ulong.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || (lines[1].Length > 1 && lines[1][0] == '0'))
            throw new FormatException("the checkpoint's tree size is not a decimal number");
        byte[] root;
        try { root = Convert.FromBase64String(lines[2]); }
        catch (FormatException) { throw new FormatException("the checkpoint's root hash is not base64"); }
        if (root.Length != Rfc6962.HashSize) throw new FormatException("the checkpoint's root hash is not 32 bytes");
        return new Checkpoint(lines[0], size, root);
    }

    /// <summary>Reads a signed checkpoint and checks the log's signature on it: the checkpoint, or why not.</summary>
    public static (Checkpoint? Checkpoint, string? Error) OpenSigned(string note, NoteVerifier log)
    {
        try
        {
            var signed = SignedNote.Parse(note);
            if (signed.VerifyBy(log) is { } error) return (null, error);
            var checkpoint = Parse(signed.Text);
            return checkpoint.Origin == log.Name ? (checkpoint, null) : (null, $"the checkpoint is of log {checkpoint.Origin}, not {log.Name}");
        }
        catch (FormatException e) { return (null, e.Message); }
    }
}
