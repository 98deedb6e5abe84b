using Alliance.Contracts.Log;
using Dapper;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// Appends leaves in the order given, once per event id. Each batch is one transaction that locks log_head, so appenders
/// on several instances take turns and the tree never forks; the frontier (the right edge's subtree hashes) is kept in
/// memory between batches and rebuilt from log_nodes whenever another instance appended meanwhile or a batch failed.
/// Leaves and completed subtrees go in by binary COPY: thousands per second on one connection.
/// </summary>
public sealed class LogAppender(NpgsqlDataSource db, ILogger<LogAppender> log)
{
    private readonly SemaphoreSlim turn = new(1, 1);
    private Frontier? frontier;

    /// <summary>Appends the events not in the log yet; answers how many leaves were added.</summary>
    public async Task<int> Append(IReadOnlyList<EventRecorded> events, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            return await AppendLocked(events, ct);
        }
        catch
        {
            frontier = null; // whatever it holds may not have been committed
            throw;
        }
        finally { turn.Release(); }
    }

    private async Task<int> AppendLocked(IReadOnlyList<EventRecorded> events, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var size = (ulong)await connection.ExecuteScalarAsync<long>("select tree_size from log_head where id = 1 for update", transaction: tx);
        var ids = events.Select(e => e.EventId).Distinct().ToArray();
        var known = (await connection.QueryAsync<Guid>("select event_id from log_leaves where event_id = any(@ids)", new { ids }, tx)).ToHashSet();
        var fresh = new List<EventRecorded>();
        foreach (var e in events)
            if (known.Add(e.EventId)) fresh.Add(e);
        if (fresh.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }
        if (frontier?.Size != size) frontier = await LoadFrontier(connection, tx, size, ct);

        var leaves = new List<(long Index, Guid EventId, byte[] Leaf)>(fresh.Count);
        var nodes = new List<(NodeId Id, byte[] Hash)>(fresh.Count * 2);
        foreach (var e in fresh)
        {
            var leaf = LogLeaf.Bytes(e);
            leaves.Add(((long)frontier.Size, e.EventId, leaf));
            nodes.AddRange(frontier.Append(Rfc6962.LeafHash(leaf)));
        }
        await LogTables.CopyLeaves(connection, leaves, ct: ct);
        await LogTables.CopyNodes(connection, nodes, ct: ct);
        await connection.ExecuteAsync("update log_head set tree_size = @size, root = @root where id = 1",
            new { size = (long)frontier.Size, root = frontier.Root() }, tx);
        await tx.CommitAsync(ct);
        log.LogDebug("Appended {Count} leaves; the log has {Size}", fresh.Count, frontier.Size);
        return fresh.Count;
    }

    private static async Task<Frontier> LoadFrontier(NpgsqlConnection connection, NpgsqlTransaction tx, ulong size, CancellationToken ct)
    {
        var nodes = await LogNodes.Fetch(connection, ProofPlan.Pieces(0, size), tx, ct);
        return new Frontier(size, id => nodes[id]);
    }
}
