namespace Alliance.Transparency;

/// <summary>
/// The right edge of the log while it grows (a compact range from 0): the hashes of the perfect subtrees the current size
/// splits into, at most 64. Appending a leaf completes the subtrees it closes, which are handed back to be stored; the
/// root is these hashes folded from the right. An appender keeps one in memory and rebuilds it from the stored nodes
/// when it is not sure it is current.
/// </summary>
public sealed class Frontier
{
    private readonly List<(NodeId Id, byte[] Hash)> edge = [];

    public ulong Size { get; private set; }

    public Frontier() { }

    /// <summary>The frontier of a stored tree of the given size, from the hashes of ProofPlan.Pieces(0, size).</summary>
    public Frontier(ulong size, Func<NodeId, byte[]> hashOf)
    {
        foreach (var piece in ProofPlan.Pieces(0, size)) edge.Add((piece, hashOf(piece)));
        Size = size;
    }

    /// <summary>Adds a leaf's hash; returns every perfect subtree that is now complete, the leaf itself first.</summary>
    public List<(NodeId Id, byte[] Hash)> Append(byte[] leafHash)
    {
        var completed = new List<(NodeId, byte[])>();
        var node = (Id: new NodeId(0, Size), Hash: leafHash);
        completed.Add(node);
        while (edge.Count > 0 && edge[^1].Id.Level == node.Id.Level)
        {
            var left = edge[^1];
            edge.RemoveAt(edge.Count - 1);
            node = (new NodeId(node.Id.Level + 1, left.Id.Index / 2), Rfc6962.NodeHash(left.Hash, node.Hash));
            completed.Add(node);
        }
        edge.Add(node);
        Size++;
        return completed;
    }

    public byte[] Root() => ProofPlan.Combine(edge.Select(e => e.Id).ToList(), id => edge.First(e => e.Id == id).Hash);
}
