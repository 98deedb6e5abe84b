using Npgsql;
using NpgsqlTypes;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The binary COPY writers of the log's two append-only tables, one of each: the appender's, the bench's raw baseline
/// (tables of the same shape under other names) and the witness test's rewritten history all write rows this way. This file
/// is also compiled into the end-to-end tests (which reference no service), so it uses nothing of the service but its names.
/// </summary>
public static class LogTables
{
    public static async Task CopyLeaves(NpgsqlConnection connection, IEnumerable<(long Index, Guid EventId, byte[] Leaf)> leaves, string table = "log_leaves", CancellationToken ct = default)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"copy {table} (leaf_index, event_id, leaf) from stdin (format binary)", ct);
        foreach (var (index, eventId, leaf) in leaves)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(index, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(eventId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(leaf, NpgsqlDbType.Bytea, ct);
        }
        await copy.CompleteAsync(ct);
    }

    public static async Task CopyNodes(NpgsqlConnection connection, IEnumerable<(NodeId Id, byte[] Hash)> nodes, string table = "log_nodes", CancellationToken ct = default)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"copy {table} (level, node_index, hash) from stdin (format binary)", ct);
        foreach (var (id, hash) in nodes)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync((short)id.Level, NpgsqlDbType.Smallint, ct);
            await copy.WriteAsync((long)id.Index, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(hash, NpgsqlDbType.Bytea, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
