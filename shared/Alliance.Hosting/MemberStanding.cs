using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// The one question the plumbing asks about membership, on every authenticated request: is this token's member out of
/// good standing (suspended, withdrawn, expelled) or its client revoked? Each service answers from its own table:
/// Registry from its directory and credentials, the others from what they record of Registry's messages (ADR 0007).
/// </summary>
public interface IMemberStanding
{
    Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct);
}

public static class MemberStandingQuery
{
    /// <summary>Runs a service's standing query: $1 the member (or null), $2 the client; the query returns true to refuse.</summary>
    public static async Task<bool> Refuses(NpgsqlDataSource db, string sql, Guid? memberId, string clientId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new() { Value = (object?)memberId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = clientId });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
