using System.Text.Json;

using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>
/// The published RFC 6962 proof vectors of transparency-dev/merkle (Vectors/README.md): every happy path verifies, every
/// corrupted one is refused, and the proofs this library builds for the same tree are byte for byte the published ones.
/// </summary>
public sealed class VectorTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Vectors");

    /// <summary>The eight leaves of RFC 6962's test tree, from which proofgen made every vector.</summary>
    private static readonly string[] TestLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    public static TheoryData<string> Files(string kind) => [.. Paths(kind)];

    private static List<string> Paths(string kind) => [.. Directory.GetFiles(Path.Combine(Root, kind), "*.json", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal)];

    private sealed record Expectation(bool WantErr, string Desc);

    private static (T Proof, Expectation Expected) Read<T>(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        return (JsonSerializer.Deserialize<T>(text, ProofJson.Options)!, JsonSerializer.Deserialize<Expectation>(text, ProofJson.Options)!);
    }

    [Fact]
    public void All_the_published_vectors_are_here()
    {
        Assert.Equal(98, Paths("inclusion").Count);
        Assert.Equal(98, Paths("consistency").Count);
    }

    [Theory]
    [MemberData(nameof(Files), "inclusion")]
    public void An_inclusion_vector_verifies_exactly_when_it_should(string file)
    {
        var (proof, expected) = Read<InclusionProofDocument>(file);
        var error = proof.Verify();
        Assert.True(expected.WantErr == (error is not null), $"{file} ({expected.Desc}): {error ?? "verified"}");
    }

    [Theory]
    [MemberData(nameof(Files), "consistency")]
    public void A_consistency_vector_verifies_exactly_when_it_should(string file)
    {
        var (proof, expected) = Read<ConsistencyProofDocument>(file);
        var error = proof.Verify();
        Assert.True(expected.WantErr == (error is not null), $"{file} ({expected.Desc}): {error ?? "verified"}");
    }

    [Fact]
    public void The_proofs_built_here_are_the_published_happy_paths()
    {
        var tree = new MemoryTree();
        foreach (var leaf in TestLeaves) tree.AppendLeaf(Convert.FromHexString(leaf));
        var checkedCount = 0;
        foreach (var file in Paths("inclusion").Where(f => f.EndsWith("happy-path.json", StringComparison.Ordinal)))
        {
            var (p, _) = Read<InclusionProofDocument>(file);
            if (p.TreeSize > tree.Size) continue;
            Assert.Equal(p.Root, tree.Root(p.TreeSize));
            Assert.Equal(p.LeafHash, tree.LeafHash(p.LeafIdx));
            Assert.Equal((p.Proof ?? []).Select(Convert.ToBase64String), tree.InclusionProof(p.LeafIdx, p.TreeSize).Select(Convert.ToBase64String));
            checkedCount++;
        }
        foreach (var file in Paths("consistency").Where(f => f.EndsWith("happy-path.json", StringComparison.Ordinal)))
        {
            var (p, _) = Read<ConsistencyProofDocument>(file);
            if (p.Size2 > tree.Size || p.Size1 == 0) continue;
            Assert.Equal(p.Root1, tree.Root(p.Size1));
            Assert.Equal(p.Root2, tree.Root(p.Size2));
            Assert.Equal((p.Proof ?? []).Select(Convert.ToBase64String), tree.ConsistencyProof(p.Size1, p.Size2).Select(Convert.ToBase64String));
            checkedCount++;
        }
        Assert.True(checkedCount >= 8, $"only {checkedCount} happy paths compared");
    }

    [Fact]
    public void The_empty_tree_and_leaf_hashes_are_RFC_6962s()
    {
        // Pinned by transparency-dev/merkle rfc6962/rfc6962_test.go.
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexString(Rfc6962.EmptyRoot).ToLowerInvariant());
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexString(Rfc6962.LeafHash([])).ToLowerInvariant());
        var tree = new MemoryTree();
        foreach (var leaf in TestLeaves) tree.AppendLeaf(Convert.FromHexString(leaf));
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", Convert.ToHexString(tree.Root(8)).ToLowerInvariant());
    }
}
