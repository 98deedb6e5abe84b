using System.Text;

using Xunit;

namespace Alliance.Transparency.Tests;

/// <summary>C2SP signed notes and checkpoints: the spec's own example verifies, and what this library signs reads back.</summary>
public sealed class NoteTests
{
    [Fact]
    public void The_C2SP_signed_note_example_verifies_with_its_published_key()
    {
        // C2SP signed-note.md, "Example" (C2SP/C2SP at 5ba5ee8).
        var verifier = NoteVerifier.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        const string note = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        var signed = SignedNote.Parse(note);
        Assert.Equal("This is an example message.\n", signed.Text);
        Assert.Null(signed.VerifyBy(verifier));
        Assert.NotNull(SignedNote.Parse(note.Replace("example message", "exemplary message", StringComparison.Ordinal)).VerifyBy(verifier));
    }

    [Fact]
    public void A_signed_checkpoint_opens_with_its_key_and_not_with_another()
    {
        using var log = NoteSigner.Generate("alliance.example/log");
        using var other = NoteSigner.Generate("alliance.example/log");
        var checkpoint = new Checkpoint("alliance.example/log", 8, Convert.FromBase64String("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="));
        var note = SignedNote.Sign(checkpoint.Body, log);
        Assert.StartsWith("alliance.example/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n\u2014 alliance.example/log ", note);
        var (opened, error) = Checkpoint.OpenSigned(note, NoteVerifier.Parse(log.Verifier.VerifierString));
        Assert.Null(error);
        Assert.Equal(8UL, opened!.Size);
        Assert.NotNull(Checkpoint.OpenSigned(note, other.Verifier).Error);
        Assert.NotNull(Checkpoint.OpenSigned(note.Replace("\n8\n", "\n9\n", StringComparison.Ordinal), log.Verifier).Error);
    }

    [Fact]
    public void A_key_survives_export_and_import_of_its_seed()
    {
        using var log = NoteSigner.Generate("alliance.example/log");
        using var again = NoteSigner.FromSeed("alliance.example/log", log.ExportSeed());
        Assert.Equal(log.Verifier.VerifierString, again.Verifier.VerifierString);
        Assert.True(log.Verifier.Verify(Encoding.UTF8.GetBytes("x"), again.Sign(Encoding.UTF8.GetBytes("x"))));
    }

    [Fact]
    public void A_verifier_string_with_a_wrong_key_id_is_refused() =>
        Assert.Throws<FormatException>(() => NoteVerifier.Parse("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"));
}
