using Dapper;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>Reads the log: sizes, roots, entries and proofs against any size the log has reached, each in O(log n) reads.</summary>
public sealed class LogReader(NpgsqlDataSource db)
{
    public sealed record LatestCheckpoint(ulong TreeSize, byte[] Root, string Note);

    public sealed record Entry(ulong Index, Guid EventId, byte[] Leaf, byte[] LeafHash);

    public async Task<LatestCheckpoint?> Checkpoint(NpgsqlConnection connection) =>
        await connection.QuerySingleOrDefaultAsync<(long Size, byte[] Root, string Note)?>(
            "select tree_size, root, note from log_checkpoints order by tree_size desc limit 1") is { } c
            ? new LatestCheckpoint((ulong)c.Size, c.Root, c.Note) : null;

    public async Task<LatestCheckpoint?> Checkpoint(NpgsqlConnection connection, ulong size) =>
        await connection.QuerySingleOrDefaultAsync<(long Size, byte[] Root, string Note)?>(
            "select tree_size, root, note from log_checkpoints where tree_size = @size", new { size = (long)size }) is { } c
            ? new LatestCheckpoint((ulong)c.Size, c.Root, c.Note) : null;

    public async Task<ulong> Size(NpgsqlConnection connection) =>
        (ulong)await connection.ExecuteScalarAsync<long>("select tree_size from log_head where id = 1");

    public async Task<NpgsqlConnection> Open(CancellationToken ct) => await db.OpenConnectionAsync(ct);

    public static async Task<byte[]> Root(NpgsqlConnection connection, ulong size, CancellationToken ct)
    {
        var pieces = ProofPlan.Pieces(0, size);
        var nodes = await LogNodes.Fetch(connection, pieces, ct: ct);
        return ProofPlan.Combine(pieces, id => nodes[id]);
    }

    public static async Task<List<byte[]>> Hashes(NpgsqlConnection connection, IReadOnlyList<(ulong Begin, ulong End)> ranges, CancellationToken ct)
    {
        var pieces = ranges.Select(r => ProofPlan.Pieces(r.Begin, r.End)).ToList();
        var nodes = await LogNodes.Fetch(connection, pieces.SelectMany(p => p), ct: ct);
        return pieces.Select(p => ProofPlan.Combine(p, id => nodes[id])).ToList();
    }

    public static async Task<List<Entry>> Entries(NpgsqlConnection connection, ulong start, ulong end) =>
        (await connection.QueryAsync<(long Index, Guid EventId, byte[] Leaf)>(
            "select leaf_index, event_id, leaf from log_leaves where leaf_index >= @start and leaf_index < @end order by leaf_index",
            new { start = (long)start, end = (long)end }))
        .Select(r => new Entry((ulong)r.Index, r.EventId, r.Leaf, Rfc6962.LeafHash(r.Leaf))).ToList();

    public static async Task<Entry?> ByEvent(NpgsqlConnection connection, Guid eventId) =>
        await connection.QuerySingleOrDefaultAsync<(long Index, Guid EventId, byte[] Leaf)?>(
            "select leaf_index, event_id, leaf from log_leaves where event_id = @eventId", new { eventId }) is { } r
            ? new Entry((ulong)r.Index, r.EventId, r.Leaf, Rfc6962.LeafHash(r.Leaf)) : null;
}
