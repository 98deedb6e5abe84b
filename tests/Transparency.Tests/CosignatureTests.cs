using System.Text;
using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>
/// C2SP tlog-cosignature v1 (Ed25519): the bytes of a cosignature line against a hand-computed example (computed apart, with
/// Python's `cryptography` package, from RFC 8032's test key 1), the published examples' timestamps, and what a witness
/// refuses to cosign.
/// </summary>
public sealed class CosignatureTests
{
    // RFC 8032 §7.1, TEST 1: secret key and public key.
    private static readonly byte[] Seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private const string Text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    // Computed apart: key id = SHA-256("witness.example/w1" ‖ 0x0A ‖ 0x04 ‖ public key)[:4] = eb762cc2; the line is
    // base64(eb762cc2 ‖ 00000000641850cb (1679315147, big-endian) ‖ Ed25519(seed, "cosignature/v1\ntime 1679315147\n" ‖ text)).
    private const string VerifierKey = "witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
    private const string ExpectedLine = "\u2014 witness.example/w1 63YswgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==\n";

    [Fact]
    public void A_cosignature_line_is_byte_for_byte_the_hand_computed_one()
    {
        using var witness = NoteSigner.FromSeed("witness.example/w1", Seed, NoteVerifier.CosignatureV1);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexString(witness.Verifier.PublicKey).ToLowerInvariant());
        Assert.Equal(VerifierKey, witness.Verifier.VerifierString);
        Assert.Equal("cosignature/v1\ntime 1679315147\n" + Text, Encoding.UTF8.GetString(Cosignature.Message(Text, 1679315147)));
        var cosignature = Cosignature.Sign(witness, Text, 1679315147);
        Assert.Equal(ExpectedLine, Cosignature.Line(cosignature));
        Assert.Null(Cosignature.Verify(NoteVerifier.Parse(VerifierKey), Text, Cosignature.ParseLine(ExpectedLine)));
    }

    [Fact]
    public void A_cosignature_does_not_verify_on_another_text_time_key_or_as_a_log_signature()
    {
        var witness = NoteVerifier.Parse(VerifierKey);
        var line = Cosignature.ParseLine(ExpectedLine);
        Assert.NotNull(Cosignature.Verify(witness, Text.Replace("20852163", "20852164", StringComparison.Ordinal), line));
        var later = line.Signature.ToArray();
        later[7] ^= 1; // the timestamp's last byte
        Assert.NotNull(Cosignature.Verify(witness, Text, line with { Signature = later }));
        using var other = NoteSigner.Generate("witness.example/w1", NoteVerifier.CosignatureV1);
        Assert.Contains("key id", Cosignature.Verify(other.Verifier, Text, line));
        // An alarm's signature is over another header: never a cosignature.
        using var signer = NoteSigner.FromSeed("witness.example/w1", Seed, NoteVerifier.CosignatureV1);
        var alarm = Cosignature.Sign(signer, Text, 1679315147, Cosignature.AlarmHeader);
        Assert.NotNull(Cosignature.Verify(witness, Text, alarm));
        Assert.Null(Cosignature.Verify(witness, Text, alarm, Cosignature.AlarmHeader));
        // A 0x04 key id is not the 0x01 one: the same key as a signed-note key does not open the cosigned note.
        var note = SignedNote.Render(Text, [line]);
        Assert.NotNull(SignedNote.Parse(note).VerifyBy(new NoteVerifier("witness.example/w1", NoteVerifier.Ed25519, witness.PublicKey)));
    }

    [Fact]
    public void The_published_examples_timestamps_read_back()
    {
        // C2SP tlog-cosignature.md's example checkpoint: its witness line carries time 1679315147 (the spec's message example).
        var spec = Cosignature.ParseLine("\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==");
        Assert.Equal("8d66cf3f", Convert.ToHexString(spec.KeyId).ToLowerInvariant());
        Assert.Equal(1679315147UL, Cosignature.TimestampOf(spec).Timestamp);
        // transparency-dev/formats note/note_cosigv1_test.go, TestCosignatureTimestamp "works": 1727964367.
        var formats = new NoteSignature("x", [], Convert.FromBase64String("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==")[4..]);
        Assert.Equal(1727964367UL, Cosignature.TimestampOf(formats).Timestamp);
        // Its "wrong type of signature" (a plain 64-byte note signature) is not a cosignature.
        var plain = new NoteSignature("x", [], Convert.FromBase64String("eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=")[4..]);
        Assert.NotNull(Cosignature.TimestampOf(plain).Error);
    }

    [Fact]
    public void A_witness_key_is_read_as_a_verifier_key_or_a_raw_key_and_a_private_key_in_note_format()
    {
        Assert.Equal(VerifierKey, Cosignature.WitnessKey(null, VerifierKey).VerifierString);
        Assert.Equal(VerifierKey, Cosignature.WitnessKey("witness.example/w1", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=").VerifierString);
        // The same key as a 0x01 signed-note verifier key is the same witness key.
        Assert.Equal(VerifierKey, Cosignature.WitnessKey(null, "witness.example/w1+6d141fc1+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea").VerifierString);
        Assert.Throws<FormatException>(() => Cosignature.WitnessKey("other.example/w1", VerifierKey));
        Assert.Throws<FormatException>(() => Cosignature.WitnessKey(null, "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="));
        Assert.Throws<FormatException>(() => Cosignature.WitnessKey("has space", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="));
        Assert.Throws<FormatException>(() => Cosignature.WitnessKey("w", "AAAA"));

        const string privateKey = "PRIVATE+KEY+witness.example/w1+6d141fc1+AZ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
        using var read = Cosignature.ReadPrivateKey(privateKey);
        Assert.Equal(VerifierKey, read.Verifier.VerifierString);
        Assert.Equal(privateKey, Cosignature.PrivateKeyText(read));
        Assert.Throws<FormatException>(() => Cosignature.ReadPrivateKey(privateKey.Replace("6d141fc1", "6d141fc2", StringComparison.Ordinal)));
        // Base64 has '+' too: every generated key reads back, whatever its characters (one in two has a '+' in 64 keys).
        for (var i = 0; i < 64; i++)
        {
            using var made = NoteSigner.Generate("witness.example/w1", NoteVerifier.CosignatureV1);
            using var back = Cosignature.ReadPrivateKey(Cosignature.PrivateKeyText(made));
            Assert.Equal(made.Verifier.VerifierString, back.Verifier.VerifierString);
            Assert.Equal(made.Verifier.VerifierString, Cosignature.WitnessKey(null, made.Verifier.VerifierString).VerifierString);
        }
    }

    [Fact]
    public void A_witness_cosigns_only_a_checkpoint_that_extends_the_last_it_cosigned()
    {
        var tree = new MemoryTree();
        for (var i = 0; i < 20; i++) tree.AppendLeaf(Encoding.UTF8.GetBytes($"leaf {i}"));
        Checkpoint At(ulong size) => new("alliance.example/log", size, tree.Root(size));
        Assert.Null(WitnessCheck.Extends(null, At(7), null));
        Assert.Null(WitnessCheck.Extends(At(7), At(7), null));
        Assert.Null(WitnessCheck.Extends(At(7), At(20), tree.ConsistencyProof(7, 20)));

        // A fork: a tree of the same size that differs in one early leaf.
        var fork = new MemoryTree();
        for (var i = 0; i < 20; i++) fork.AppendLeaf(Encoding.UTF8.GetBytes(i == 3 ? "leaf 3, rewritten" : $"leaf {i}"));
        var forked = new Checkpoint("alliance.example/log", 20, fork.Root(20));
        Assert.Contains("not consistent", WitnessCheck.Extends(At(7), forked, fork.ConsistencyProof(7, 20)));
        Assert.Contains("not consistent", WitnessCheck.Extends(At(7), forked, tree.ConsistencyProof(7, 20)));
        Assert.Contains("two roots", WitnessCheck.Extends(At(20), forked, null));
        Assert.Contains("went back", WitnessCheck.Extends(At(20), At(7), null));
        Assert.Contains("of log", WitnessCheck.Extends(At(7), new Checkpoint("other.example/log", 20, tree.Root(20)), tree.ConsistencyProof(7, 20)));
    }
}
