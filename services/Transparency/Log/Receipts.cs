using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// A receipt of an event: its leaf (one read of the event_id index), the RFC 6962 inclusion proof of it (the audit path's
/// subtree hashes, their coordinates computed here, all read in one primary-key query) and the signed checkpoint it is
/// proved against (held in memory by <see cref="CheckpointCache"/>, read only when the one held does not include the leaf).
/// Two queries, whatever the log's size.
/// </summary>
public static class Receipts
{
    public sealed record Receipt(LogReader.Entry Entry, LogReader.LatestCheckpoint Checkpoint, byte[][] Proof);

    /// <summary>
    /// At most one of the two: the receipt when a signed checkpoint includes the event; the pending entry when the event is in
    /// the log but no signed checkpoint includes it yet; neither when it is not in the log.
    /// </summary>
    public static async Task<(Receipt? Receipt, LogReader.Entry? Pending)> For(NpgsqlConnection db, CheckpointCache checkpoints, Guid eventId, CancellationToken ct)
    {
        var entry = await LogReader.ByEvent(db, eventId);
        if (entry is null) return (null, null);
        var checkpoint = await checkpoints.Latest(db, entry.Index);
        if (checkpoint is null || entry.Index >= checkpoint.TreeSize) return (null, entry);
        var proof = await LogReader.Hashes(db, ProofPlan.Inclusion(entry.Index, checkpoint.TreeSize), ct);
        return (new Receipt(entry, checkpoint, [.. proof]), null);
    }
}
