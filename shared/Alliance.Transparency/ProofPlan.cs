using System.Numerics;

namespace Alliance.Transparency;

/// <summary>A perfect subtree of the log: the 2^Level leaves from Index·2^Level. Once complete its hash never changes.</summary>
public readonly record struct NodeId(int Level, ulong Index)
{
    public ulong Begin => Index << Level;
    public ulong End => (Index + 1) << Level;
}

/// <summary>
/// Which subtree hashes make up a proof (RFC 6962 §2.1.1 PATH and §2.1.2 PROOF/SUBPROOF), and how to combine them. Every
/// range a proof names is a node of the tree of that size: either a perfect subtree, stored once it completed, or a node
/// on the right edge, whose hash folds the perfect subtrees it splits into. So a log that stores each perfect subtree's
/// hash answers any proof against any earlier size with O(log n) stored hashes, read in one query.
/// </summary>
public static class ProofPlan
{
    /// <summary>The ranges whose hashes form the inclusion proof of leaf index in the tree of the given size, leaf first.</summary>
    public static IReadOnlyList<(ulong Begin, ulong End)> Inclusion(ulong index, ulong size)
    {
        if (index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of size {size}");
        var path = new List<(ulong, ulong)>();
        Path(index, 0, size, path);
        return path;
    }

    /// <summary>The ranges whose hashes form the consistency proof between sizes (0 &lt; size1 ≤ size2), in RFC 6962 order.</summary>
    public static IReadOnlyList<(ulong Begin, ulong End)> Consistency(ulong size1, ulong size2)
    {
        if (size1 == 0 || size1 > size2) throw new ArgumentOutOfRangeException(nameof(size1), $"no consistency proof from size {size1} to {size2}");
        var proof = new List<(ulong, ulong)>();
        SubProof(size1, 0, size2, true, proof);
        return proof;
    }

    /// <summary>The perfect subtrees [begin, end) splits into, largest first (begin aligned as every node of a log tree is).</summary>
    public static IReadOnlyList<NodeId> Pieces(ulong begin, ulong end)
    {
        var pieces = new List<NodeId>();
        while (begin < end)
        {
            var level = 63 - BitOperations.LeadingZeroCount(end - begin);
            // A piece must also be aligned on its own size; in a node of a log tree it always is, elsewhere this keeps it right.
            if (begin != 0) level = Math.Min(level, BitOperations.TrailingZeroCount(begin));
            pieces.Add(new NodeId(level, begin >> level));
            begin += 1UL << level;
        }
        return pieces;
    }

    /// <summary>The hash of a range from its pieces: the right edge folds from the right, as RFC 6962's split does.</summary>
    public static byte[] Combine(IReadOnlyList<NodeId> pieces, Func<NodeId, byte[]> hashOf)
    {
        if (pieces.Count == 0) return Rfc6962.EmptyRoot;
        var hash = hashOf(pieces[^1]);
        for (var i = pieces.Count - 2; i >= 0; i--) hash = Rfc6962.NodeHash(hashOf(pieces[i]), hash);
        return hash;
    }

    /// <summary>Every stored node the ranges need, fetched at once, then each range's hash.</summary>
    public static List<byte[]> Resolve(IReadOnlyList<(ulong Begin, ulong End)> ranges, Func<IReadOnlyCollection<NodeId>, IReadOnlyDictionary<NodeId, byte[]>> fetch)
    {
        var pieces = ranges.Select(r => Pieces(r.Begin, r.End)).ToList();
        var nodes = fetch(pieces.SelectMany(p => p).Distinct().ToList());
        return pieces.Select(p => Combine(p, id => nodes.TryGetValue(id, out var h) ? h
            : throw new InvalidOperationException($"subtree {id.Level}/{id.Index} is not stored"))).ToList();
    }

    private static ulong SplitPoint(ulong n) => 1UL << (63 - BitOperations.LeadingZeroCount(n - 1));

    private static void Path(ulong m, ulong begin, ulong end, List<(ulong, ulong)> path)
    {
        var n = end - begin;
        if (n == 1) return;
        var k = SplitPoint(n);
        if (m < k)
        {
            Path(m, begin, begin + k, path);
            path.Add((begin + k, end));
        }
        else
        {
            Path(m - k, begin + k, end, path);
            path.Add((begin, begin + k));
        }
    }

    private static void SubProof(ulong m, ulong begin, ulong end, bool whole, List<(ulong, ulong)> proof)
    {
        var n = end - begin;
        if (m == n)
        {
            if (!whole) proof.Add((begin, end));
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, begin, begin + k, whole, proof);
            proof.Add((begin + k, end));
        }
        else
        {
            SubProof(m - k, begin + k, end, false, proof);
            proof.Add((begin, begin + k));
        }
    }
}
