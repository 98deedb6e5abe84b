using Dapper;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>Reads stored perfect-subtree hashes by (level, index), all of a proof's in one primary-key query.</summary>
public static class LogNodes
{
    public static async Task<IReadOnlyDictionary<NodeId, byte[]>> Fetch(NpgsqlConnection connection, IEnumerable<NodeId> ids, NpgsqlTransaction? tx = null, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<NodeId, byte[]>();
        var rows = await connection.QueryAsync<(short Level, long NodeIndex, byte[] Hash)>(new CommandDefinition(
            """
            select n.level, n.node_index, n.hash from log_nodes n
            join unnest(@levels::smallint[], @indexes::bigint[]) as w(level, node_index) using (level, node_index)
            """,
            new { levels = wanted.Select(w => (short)w.Level).ToArray(), indexes = wanted.Select(w => (long)w.Index).ToArray() }, tx, cancellationToken: ct));
        var found = rows.ToDictionary(r => new NodeId(r.Level, (ulong)r.NodeIndex), r => r.Hash);
        if (found.Count != wanted.Count)
            throw new InvalidOperationException($"The log is missing {wanted.Count - found.Count} stored subtree hash(es): its tables were changed outside the service.");
        return found;
    }
}
