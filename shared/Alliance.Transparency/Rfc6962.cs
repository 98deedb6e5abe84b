using System.Security.Cryptography;

namespace Alliance.Transparency;

/// <summary>
/// RFC 6962 §2.1 hashing: a leaf is SHA-256(0x00 ‖ leaf bytes), an interior node SHA-256(0x01 ‖ left ‖ right); the
/// prefixes keep a leaf from ever passing for a node (second-preimage resistance). The empty tree hashes to SHA-256("").
/// </summary>
public static class Rfc6962
{
    public const int HashSize = 32;

    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var input = new byte[leaf.Length + 1];
        leaf.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * HashSize];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        return SHA256.HashData(input);
    }
}
