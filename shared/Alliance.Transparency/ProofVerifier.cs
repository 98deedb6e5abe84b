using System.Numerics;

namespace Alliance.Transparency;

/// <summary>
/// Checks inclusion and consistency proofs (RFC 6962 §2.1.1–2.1.4, RFC 9162 §2.1.3–2.1.4). A port of transparency-dev/merkle
/// proof/verify.go (Apache-2.0), the verifier whose published test vectors the tests run: the same decomposition into
/// "inner" nodes (below the point where the paths to the leaf and to the last leaf part) and "border" nodes (left siblings
/// on the right edge). Each method answers null when the proof holds, or why it does not.
/// </summary>
public static class ProofVerifier
{
    public static string? Inclusion(ulong index, ulong size, byte[] leafHash, IReadOnlyList<byte[]> proof, byte[] root)
    {
        var (calculated, error) = RootFromInclusion(index, size, leafHash, proof);
        return error ?? Match(calculated!, root, "root");
    }

    public static (byte[]? Root, string? Error) RootFromInclusion(ulong index, ulong size, byte[] leafHash, IReadOnlyList<byte[]> proof)
    {
        if (index >= size) return (null, $"leaf index {index} is not below tree size {size}");
        if (leafHash.Length != Rfc6962.HashSize) return (null, $"the leaf hash has {leafHash.Length} bytes, not {Rfc6962.HashSize}");
        if (proof.FirstOrDefault(p => p.Length != Rfc6962.HashSize) is { } bad) return (null, $"a proof hash has {bad.Length} bytes, not {Rfc6962.HashSize}");
        var (inner, border) = Decompose(index, size);
        if (proof.Count != inner + border) return (null, $"the proof has {proof.Count} hashes where tree size {size} needs {inner + border} for leaf {index}");
        var hash = ChainInner(leafHash, proof.Take(inner), index);
        return (ChainBorderRight(hash, proof.Skip(inner)), null);
    }

    public static string? Consistency(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, byte[] root1, byte[] root2)
    {
        if (size2 < size1) return $"size2 {size2} is smaller than size1 {size1}";
        if (proof.FirstOrDefault(p => p.Length != Rfc6962.HashSize) is { } bad) return $"a proof hash has {bad.Length} bytes, not {Rfc6962.HashSize}";
        // As transparency-dev: even two empty trees are refused, since a proof from the empty tree proves nothing.
        if (size1 == 0) return "a consistency proof from the empty tree proves nothing";
        if (size1 == size2)
            return proof.Count > 0 ? "equal sizes need an empty proof" : Match(root1, root2, "root2");
        if (proof.Count == 0) return "the proof is empty";

        var (inner, border) = Decompose(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        inner -= shift;
        // The proof starts with the root of the largest perfect subtree at the right of tree 1, unless tree 1 is itself perfect.
        var (seed, start) = size1 == 1UL << shift ? (root1, 0) : (proof[0], 1);
        if (proof.Count != start + inner + border)
            return $"the proof has {proof.Count} hashes where sizes {size1} and {size2} need {start + inner + border}";
        var rest = proof.Skip(start).ToList();
        var mask = (size1 - 1) >> shift;
        var hash1 = ChainBorderRight(ChainInnerRight(seed, rest.Take(inner), mask), rest.Skip(inner));
        if (Match(hash1, root1, "root1") is { } wrong1) return wrong1;
        var hash2 = ChainBorderRight(ChainInner(seed, rest.Take(inner), mask), rest.Skip(inner));
        return Match(hash2, root2, "root2");
    }

    private static string? Match(byte[] calculated, byte[] expected, string what) =>
        calculated.AsSpan().SequenceEqual(expected) ? null
            : $"the proof leads to {what} {Convert.ToBase64String(calculated)}, not {Convert.ToBase64String(expected)}";

    /// <summary>Inner: levels below where the paths to leaf index and leaf size-1 diverge; border: the left siblings above.</summary>
    private static (int Inner, int Border) Decompose(ulong index, ulong size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount(index ^ (size - 1));
        return (inner, BitOperations.PopCount(index >> inner));
    }

    private static byte[] ChainInner(byte[] seed, IEnumerable<byte[]> proof, ulong index)
    {
        var i = 0;
        foreach (var h in proof)
        {
            seed = ((index >> i) & 1) == 0 ? Rfc6962.NodeHash(seed, h) : Rfc6962.NodeHash(h, seed);
            i++;
        }
        return seed;
    }

    private static byte[] ChainInnerRight(byte[] seed, IEnumerable<byte[]> proof, ulong index)
    {
        var i = 0;
        foreach (var h in proof)
        {
            if (((index >> i) & 1) == 1) seed = Rfc6962.NodeHash(h, seed);
            i++;
        }
        return seed;
    }

    private static byte[] ChainBorderRight(byte[] seed, IEnumerable<byte[]> proof)
    {
        foreach (var h in proof) seed = Rfc6962.NodeHash(h, seed);
        return seed;
    }
}
