using System.Text.Json;

namespace Alliance.Transparency;

// Proofs as JSON files, in the field names of the public transparency-dev/merkle test data (hashes in base64), so a file
// of either can be checked by the other's tools. A receipt adds the leaf's bytes and the signed checkpoint it is proved against.

public sealed record InclusionProofDocument(ulong LeafIdx, ulong TreeSize, byte[] Root, byte[] LeafHash, byte[][]? Proof)
{
    public string? Verify() => ProofVerifier.Inclusion(LeafIdx, TreeSize, LeafHash, Proof ?? [], Root);
}

public sealed record ConsistencyProofDocument(ulong Size1, ulong Size2, byte[] Root1, byte[] Root2, byte[][]? Proof)
{
    public string? Verify() => ProofVerifier.Consistency(Size1, Size2, Proof ?? [], Root1, Root2);
}

/// <summary>What the log hands out for one event: the leaf, its place, its inclusion proof and the signed checkpoint proving it.</summary>
public sealed record Receipt(ulong LeafIdx, ulong TreeSize, byte[] LeafHash, byte[][] Proof, byte[] Leaf, string Checkpoint)
{
    /// <summary>Null when the receipt holds against the log's key, offline; otherwise why not.</summary>
    public string? Verify(NoteVerifier log)
    {
        if (Leaf is null || LeafHash is null || Checkpoint is null) return "the receipt lacks leaf, leafHash or checkpoint";
        if (!Rfc6962.LeafHash(Leaf).AsSpan().SequenceEqual(LeafHash)) return "leafHash is not the hash of leaf";
        var (checkpoint, error) = Alliance.Transparency.Checkpoint.OpenSigned(Checkpoint, log);
        if (checkpoint is null) return $"checkpoint: {error}";
        if (checkpoint.Size != TreeSize) return $"treeSize {TreeSize} is not the checkpoint's size {checkpoint.Size}";
        return ProofVerifier.Inclusion(LeafIdx, TreeSize, LeafHash, Proof ?? [], checkpoint.Root) is { } wrong ? $"inclusion: {wrong}" : null;
    }
}

public static class ProofJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
