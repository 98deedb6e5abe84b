using Dapper;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The witnesses' tables, written only here. Like log_leaves and log_checkpoints they are the log's own records, not read
/// models of events: a registration, a cosignature and an alarm are each checked (key, signature, signed checkpoint) and
/// kept as they came. Cosignatures keep the latest time per witness and checkpoint; alarms are only ever inserted.
/// (Recorded as a deviation from the event-sourced house style, as Notifications' webhooks are: issue 21's note.)
/// </summary>
public static class WitnessStore
{
    internal static Task<WitnessEndpoints.WitnessRow?> Register(NpgsqlConnection connection, NoteVerifier key, Guid member, string by) =>
        connection.QuerySingleOrDefaultAsync<WitnessEndpoints.WitnessRow?>("""
            insert into log_witnesses (name, key_id, public_key, member_id, registered_by) values (@Name, @keyId, @PublicKey, @member, @by)
            on conflict do nothing
            returning name, public_key as PublicKey, member_id as MemberId, registered_at as RegisteredAt
            """, new { key.Name, keyId = Convert.ToHexString(key.KeyId).ToLowerInvariant(), key.PublicKey, member, by });

    public static Task Cosigned(NpgsqlConnection connection, string witness, ulong size, ulong timestamp, byte[] blob) =>
        connection.ExecuteAsync("""
            insert into log_cosignatures (witness, tree_size, signed_at, signature) values (@witness, @size, @timestamp, @blob)
            on conflict (tree_size, witness) do update set signed_at = excluded.signed_at, signature = excluded.signature, received_at = now()
            where excluded.signed_at > log_cosignatures.signed_at
            """, new { witness, size = (long)size, timestamp = (long)timestamp, blob });

    public static Task<long> Alarm(NpgsqlConnection connection, string witness, ulong timestamp, string reason, string note, string? cosigned, bool logSigned, byte[] blob) =>
        connection.ExecuteScalarAsync<long>("""
            insert into log_alarms (witness, signed_at, reason, checkpoint, cosigned, log_signed, signature) values (@witness, @at, @reason, @note, @cosigned, @logSigned, @blob)
            returning id
            """, new { witness, at = (long)timestamp, reason, note, cosigned, logSigned, blob });
}
