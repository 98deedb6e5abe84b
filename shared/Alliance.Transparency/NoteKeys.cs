using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Alliance.Transparency;

/// <summary>
/// C2SP signed-note keys. A key is named (the log's origin), its 4-byte id is SHA-256(name ‖ "\n" ‖ type ‖ public key)[:4],
/// and its verifier string, the one line a client needs, is "name+hex(id)+base64(type ‖ public key)". Type 0x01 is
/// Ed25519 (a log's signature), 0x04 an Ed25519 timestamped cosignature (a witness's, C2SP tlog-cosignature).
/// </summary>
public sealed record NoteVerifier(string Name, byte Type, byte[] PublicKey)
{
    public const byte Ed25519 = 0x01;
    public const byte CosignatureV1 = 0x04;

    public byte[] KeyId => KeyIdOf(Name, Type, PublicKey);

    public string VerifierString => $"{Name}+{Convert.ToHexString(KeyId).ToLowerInvariant()}+{Convert.ToBase64String([Type, .. PublicKey])}";

    public static byte[] KeyIdOf(string name, byte type, byte[] publicKey) =>
        SHA256.HashData([.. Encoding.UTF8.GetBytes(name), 0x0A, type, .. publicKey])[..4];

    /// <summary>Reads a verifier string; refuses one whose id does not match its key (a typo or a substituted key).</summary>
    public static NoteVerifier Parse(string text)
    {
        var parts = text.Trim().Split('+', 3);
        if (parts.Length != 3 || parts[0].Length == 0) throw new FormatException("a verifier key is name+keyid+base64(type ‖ key)");
        byte[] blob;
        try { blob = Convert.FromBase64String(parts[2]); }
        catch (FormatException) { throw new FormatException("the verifier key's last part is not base64"); }
        if (blob.Length != 33 || blob[0] is not (Ed25519 or CosignatureV1)) throw new FormatException("only Ed25519 verifier keys (type 0x01 or 0x04, 32 bytes) are supported");
        var verifier = new NoteVerifier(parts[0], blob[0], blob[1..]);
        if (!string.Equals(Convert.ToHexString(verifier.KeyId), parts[1], StringComparison.OrdinalIgnoreCase))
            throw new FormatException("the verifier key's id does not match its name and key");
        return verifier;
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey);
        return signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }
}

/// <summary>An Ed25519 private key that signs notes under a name. The raw 32-byte seed is what gets stored (encrypted).</summary>
public sealed class NoteSigner : IDisposable
{
    private readonly Key key;

    public string Name { get; }
    public NoteVerifier Verifier { get; }

    private NoteSigner(string name, Key key, byte type)
    {
        Name = name;
        this.key = key;
        Verifier = new NoteVerifier(name, type, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static NoteSigner Generate(string name, byte type = NoteVerifier.Ed25519) =>
        new(name, Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }), type);

    public static NoteSigner FromSeed(string name, byte[] seed, byte type = NoteVerifier.Ed25519) =>
        new(name, Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }), type);

    public byte[] ExportSeed() => key.Export(KeyBlobFormat.RawPrivateKey);

    public byte[] Sign(ReadOnlySpan<byte> message) => SignatureAlgorithm.Ed25519.Sign(key, message);

    public void Dispose() => key.Dispose();
}
