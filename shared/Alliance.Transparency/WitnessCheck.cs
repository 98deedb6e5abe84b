namespace Alliance.Transparency;

/// <summary>
/// What a witness checks before it cosigns: the new checkpoint is of the same log and extends the last one it cosigned
/// (same size: same root; larger: a consistency proof from the old root to the new one; smaller: never).
/// </summary>
public static class WitnessCheck
{
    /// <summary>Null when next extends last (or there is no last: the first checkpoint is taken on trust); otherwise why not.</summary>
    public static string? Extends(Checkpoint? last, Checkpoint next, IReadOnlyList<byte[]>? proof)
    {
        if (last is null) return null;
        if (last.Origin != next.Origin) return $"the checkpoint is of log {next.Origin}, the witness follows {last.Origin}";
        if (next.Size < last.Size) return $"the log went back from size {last.Size}, already cosigned, to {next.Size}";
        if (next.Size == last.Size)
            return last.Root.AsSpan().SequenceEqual(next.Root) ? null
                : $"two roots for size {next.Size}: {Convert.ToBase64String(last.Root)} cosigned, {Convert.ToBase64String(next.Root)} now";
        if (proof is null) return $"no consistency proof from size {last.Size} to {next.Size}";
        return ProofVerifier.Consistency(last.Size, next.Size, proof, last.Root, next.Root) is { } wrong
            ? $"size {next.Size} is not consistent with size {last.Size} cosigned before: {wrong}" : null;
    }
}
