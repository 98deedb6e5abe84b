using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// At start, encrypts every signing key that an older version stored in clear, then vacuums the table so the clear
/// rows' dead versions leave the table's live pages. WAL segments and backups made before still hold them: rotate the
/// signing key after upgrading (POST /connect/signing-keys/rotation) so that what they hold no longer signs.
/// </summary>
public sealed class ProtectPlainSigningKeys(NpgsqlDataSource db, SigningKeys keys, ILogger<ProtectPlainSigningKeys> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        int changed;
        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            // The same lock as rotation: two instances starting together encrypt each key once.
            await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('alliance.signing_keys'))", connection, tx))
                await lockCmd.ExecuteNonQueryAsync(ct);
            var plain = new List<(string Kid, string Pem)>();
            await using (var select = new NpgsqlCommand("select kid, private_key_pem from signing_keys where private_key_pem is not null for update", connection, tx))
            await using (var row = await select.ExecuteReaderAsync(ct))
                while (await row.ReadAsync(ct)) plain.Add((row.GetString(0), row.GetString(1)));
            foreach (var (kid, pem) in plain)
            {
                await using var update = new NpgsqlCommand(
                    "update signing_keys set private_key_protected = $2, private_key_pem = null where kid = $1", connection, tx)
                { Parameters = { new() { Value = kid }, new() { Value = keys.Protector.Protect(pem) } } };
                await update.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            changed = plain.Count;
        }
        if (changed == 0) return;
        await using (var vacuum = db.CreateCommand("vacuum signing_keys")) await vacuum.ExecuteNonQueryAsync(ct);
        log.LogWarning("Encrypted {Count} signing keys that were stored in clear; rotate the signing key so that copies made before no longer sign", changed);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
