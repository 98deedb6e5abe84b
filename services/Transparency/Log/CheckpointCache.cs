using System.Diagnostics;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The latest signed checkpoint this instance knows, in memory, so that a receipt reads only its leaf and its proof's nodes.
/// Every checkpoint stays valid (each is a prefix of the next), so citing the one held is correct whenever it includes
/// the leaf; when it does not (the leaf is newer, or another instance signed since), the newest is read from the table
/// before anything is answered. The signer on this instance hands over each one it signs; one signed on another instance
/// is picked up at the next such miss, or at the first read after Log:CheckpointIntervalSeconds, so receipts do not keep
/// citing an old size for long.
/// </summary>
public sealed class CheckpointCache(LogReader reader, IConfiguration config)
{
    private sealed record Held(LogReader.LatestCheckpoint Checkpoint, long ReadAt);

    private readonly long maxAge = (long)(Stopwatch.Frequency * config.GetValue("Log:CheckpointIntervalSeconds", 5.0));
    private Held? held;

    /// <summary>
    /// A signed checkpoint that includes leaf <paramref name="leafIndex"/> (the one held, or else the newest in the
    /// table), or the newest there is when none includes it yet (null when none is signed at all). Without a leaf: the
    /// one held while it is younger than the signing interval, else the newest.
    /// </summary>
    public async Task<LogReader.LatestCheckpoint?> Latest(NpgsqlConnection db, ulong? leafIndex = null)
    {
        if (held is { } h && Stopwatch.GetTimestamp() - h.ReadAt < maxAge && (leafIndex is not { } i || i < h.Checkpoint.TreeSize))
            return h.Checkpoint;
        var newest = await reader.Checkpoint(db);
        if (newest is not null) Offer(newest);
        return newest;
    }

    /// <summary>Holds the checkpoint if it is newer than the one held (a signer's, or one just read).</summary>
    public void Offer(LogReader.LatestCheckpoint checkpoint)
    {
        var next = new Held(checkpoint, Stopwatch.GetTimestamp());
        while (true)
        {
            var current = held;
            if (current is not null && current.Checkpoint.TreeSize > checkpoint.TreeSize) return;
            if (Interlocked.CompareExchange(ref held, next, current) == current) return;
        }
    }
}
