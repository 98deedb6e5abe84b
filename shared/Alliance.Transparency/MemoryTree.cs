namespace Alliance.Transparency;

/// <summary>A whole log in memory, built with the same Frontier as the service: for tests, benchmarks and offline auditors.</summary>
public sealed class MemoryTree
{
    private readonly Frontier frontier = new();
    private readonly Dictionary<NodeId, byte[]> nodes = [];

    public ulong Size => frontier.Size;

    public void AppendLeaf(ReadOnlySpan<byte> leaf) => AppendHash(Rfc6962.LeafHash(leaf));

    public void AppendHash(byte[] leafHash)
    {
        foreach (var (id, hash) in frontier.Append(leafHash)) nodes[id] = hash;
    }

    public byte[] LeafHash(ulong index) => nodes[new NodeId(0, index)];

    public byte[] Root(ulong size) => ProofPlan.Combine(ProofPlan.Pieces(0, size), id => nodes[id]);

    public List<byte[]> InclusionProof(ulong index, ulong size) => ProofPlan.Resolve(ProofPlan.Inclusion(index, size), Fetch);

    public List<byte[]> ConsistencyProof(ulong size1, ulong size2) => ProofPlan.Resolve(ProofPlan.Consistency(size1, size2), Fetch);

    private IReadOnlyDictionary<NodeId, byte[]> Fetch(IReadOnlyCollection<NodeId> ids) => ids.ToDictionary(id => id, id => nodes[id]);
}
