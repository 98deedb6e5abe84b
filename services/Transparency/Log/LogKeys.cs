using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// The log's Ed25519 signing key. Made once (the first instance to start wins; the others read it), stored with its seed
/// encrypted by Data Protection (whose key ring is itself encrypted under a key outside the database), so a copy of the
/// database cannot sign checkpoints. The key's name is the log's origin, fixed when the key is made (Log:Origin).
/// </summary>
public sealed class LogKeys(NpgsqlDataSource db, IDataProtectionProvider protection, IConfiguration config)
{
    private readonly IDataProtector protector = protection.CreateProtector("transparency-log-signing-key");
    private NoteSigner? signer;

    public async Task<NoteSigner> Signer(CancellationToken ct = default)
    {
        if (signer is not null) return signer;
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await Active(connection);
        if (row is null)
        {
            using var fresh = NoteSigner.Generate(config["Log:Origin"] is { Length: > 0 } origin ? origin : "alliance.example/log");
            await connection.ExecuteAsync("""
                insert into log_keys (key_id, key_name, public_key, private_key_protected) values (@id, @name, @pub, @priv)
                on conflict do nothing
                """, new
            {
                id = Convert.ToHexString(fresh.Verifier.KeyId).ToLowerInvariant(),
                name = fresh.Name,
                pub = fresh.Verifier.PublicKey,
                priv = Convert.ToBase64String(protector.Protect(fresh.ExportSeed())),
            });
            row = await Active(connection) ?? throw new InvalidOperationException("The log's signing key could not be stored.");
        }
        return signer = NoteSigner.FromSeed(row.Value.Name, protector.Unprotect(Convert.FromBase64String(row.Value.Protected)));
    }

    private static async Task<(string Name, string Protected)?> Active(NpgsqlConnection connection) =>
        await connection.QuerySingleOrDefaultAsync<(string, string)?>(
            "select key_name, private_key_protected from log_keys where retired_at is null");
}
