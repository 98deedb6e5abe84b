using FsCheck;
using FsCheck.Fluent;

using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>Every proof of every leaf of every tree up to 300 leaves verifies, and a single flipped bit anywhere is refused.</summary>
public sealed class PropertyTests
{
    private const int MaxSize = 300;
    private static readonly MemoryTree Tree = Build();

    private static MemoryTree Build()
    {
        var tree = new MemoryTree();
        for (var i = 0; i < MaxSize; i++) tree.AppendLeaf(BitConverter.GetBytes(i * 7919));
        return tree;
    }

    [Fact]
    public void Every_inclusion_proof_of_every_leaf_of_trees_of_size_1_to_300_verifies()
    {
        for (ulong size = 1; size <= MaxSize; size++)
        {
            var root = Tree.Root(size);
            for (ulong leaf = 0; leaf < size; leaf++)
                Assert.Null(ProofVerifier.Inclusion(leaf, size, Tree.LeafHash(leaf), Tree.InclusionProof(leaf, size), root));
        }
    }

    [Fact]
    public void Every_consistency_proof_between_sizes_1_to_300_verifies()
    {
        for (ulong size2 = 1; size2 <= MaxSize; size2++)
        {
            var root2 = Tree.Root(size2);
            for (ulong size1 = 1; size1 <= size2; size1++)
                Assert.Null(ProofVerifier.Consistency(size1, size2, Tree.ConsistencyProof(size1, size2), Tree.Root(size1), root2));
        }
    }

    [Fact]
    public void The_frontier_root_is_the_tree_root_at_every_size()
    {
        var frontier = new Frontier();
        for (ulong size = 1; size <= MaxSize; size++)
        {
            frontier.Append(Tree.LeafHash(size - 1));
            Assert.Equal(Tree.Root(size), frontier.Root());
            // Rebuilt from the stored subtrees, as an appender does after a restart.
            Assert.Equal(Tree.Root(size), new Frontier(size, SubtreeRoot).Root());
        }
    }

    private static byte[] SubtreeRoot(NodeId id) => id.Level == 0 ? Tree.LeafHash(id.Index)
        : Rfc6962.NodeHash(SubtreeRoot(new NodeId(id.Level - 1, id.Index * 2)), SubtreeRoot(new NodeId(id.Level - 1, id.Index * 2 + 1)));

    private static byte[] Flip(byte[] hash, int bit)
    {
        var copy = (byte[])hash.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    [Fact]
    public void Flipping_any_one_bit_of_an_inclusion_proof_its_leaf_hash_or_root_makes_it_fail()
    {
        var cases = from size in Gen.Choose(1, MaxSize)
                    from leaf in Gen.Choose(0, size - 1)
                    from target in Gen.Choose(0, 40)
                    from bit in Gen.Choose(0, 255)
                    select (Size: (ulong)size, Leaf: (ulong)leaf, Target: target, Bit: bit);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var proof = Tree.InclusionProof(c.Leaf, c.Size);
            var (leafHash, root) = (Tree.LeafHash(c.Leaf), Tree.Root(c.Size));
            // Targets: 0 the leaf hash, 1 the root, 2… a proof hash (wrapping round the proof's length).
            if (c.Target == 0) leafHash = Flip(leafHash, c.Bit);
            else if (c.Target == 1 || proof.Count == 0) root = Flip(root, c.Bit);
            else proof[(c.Target - 2) % proof.Count] = Flip(proof[(c.Target - 2) % proof.Count], c.Bit);
            return ProofVerifier.Inclusion(c.Leaf, c.Size, leafHash, proof, root) is not null;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    [Fact]
    public void Flipping_any_one_bit_of_a_consistency_proof_or_either_root_makes_it_fail()
    {
        var cases = from size2 in Gen.Choose(1, MaxSize)
                    from size1 in Gen.Choose(1, size2)
                    from target in Gen.Choose(0, 40)
                    from bit in Gen.Choose(0, 255)
                    select (Size1: (ulong)size1, Size2: (ulong)size2, Target: target, Bit: bit);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var proof = Tree.ConsistencyProof(c.Size1, c.Size2);
            var (root1, root2) = (Tree.Root(c.Size1), Tree.Root(c.Size2));
            if (c.Target == 0) root1 = Flip(root1, c.Bit);
            else if (c.Target == 1 || proof.Count == 0) root2 = Flip(root2, c.Bit);
            else proof[(c.Target - 2) % proof.Count] = Flip(proof[(c.Target - 2) % proof.Count], c.Bit);
            return ProofVerifier.Consistency(c.Size1, c.Size2, proof, root1, root2) is not null;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    [Fact]
    public void A_proof_for_the_wrong_index_or_size_fails()
    {
        var cases = from size in Gen.Choose(2, MaxSize)
                    from leaf in Gen.Choose(0, size - 1)
                    from other in Gen.Choose(0, size - 1)
                    where other != leaf
                    select (Size: (ulong)size, Leaf: (ulong)leaf, Other: (ulong)other);
        Prop.ForAll(cases.ToArbitrary(), c =>
            ProofVerifier.Inclusion(c.Other, c.Size, Tree.LeafHash(c.Leaf), Tree.InclusionProof(c.Leaf, c.Size), Tree.Root(c.Size)) is not null
            && ProofVerifier.Inclusion(c.Leaf, c.Size, Tree.LeafHash(c.Other), Tree.InclusionProof(c.Leaf, c.Size), Tree.Root(c.Size)) is not null)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(5_000));
    }
}
