using System.Security.Cryptography;
using Alliance.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// RSA signing keys, kept in Registry's database so every instance signs with the same key and a restart
/// changes nothing. Rotation publishes the next key at once but signs with it only after
/// Tokens:KeyActivationDelaySeconds (default 600 s, longer than the validators' 5-minute metadata refresh), so
/// every service has fetched it before the first token needs it; the old key stays published for a day,
/// far longer than a token lives, so tokens signed before a rotation stay valid until they expire.
/// A private key is stored only encrypted by Data Protection (the key ring is in the same database, shared by every
/// instance, itself encrypted under a key-encryption key from configuration, KeyRing); a key stored in clear by an
/// older version is encrypted at start (ProtectPlainSigningKeys).
/// </summary>
public sealed class SigningKeys(NpgsqlDataSource db, TimeProvider clock, IConfiguration config, IDataProtectionProvider protection)
{
    public static readonly ReadModelSchema Schema = new("signing_keys", """
        create table if not exists signing_keys (
            kid text primary key,
            private_key_pem text not null,
            created_at timestamptz not null default now(),
            retired_at timestamptz);
        alter table signing_keys add column if not exists activates_at timestamptz not null default now();
        alter table signing_keys add column if not exists private_key_protected text;
        alter table signing_keys alter column private_key_pem drop not null;
        """);

    /// <summary>The Data Protection purpose: a key protected for another purpose (or another service) does not open here.</summary>
    public IDataProtector Protector { get; } = protection.CreateProtector("Alliance.Registry.SigningKeys.v1");

    private static readonly TimeSpan PublishRetiredFor = TimeSpan.FromDays(1);
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private (DateTimeOffset At, IReadOnlyList<Key> Keys)? _cache;

    public sealed record Key(string Kid, RsaSecurityKey Private, RsaSecurityKey Public, DateTime ActivatesAt, DateTime? RetiredAt)
    {
        public bool SignsAt(DateTime now) => ActivatesAt <= now && (RetiredAt is null || RetiredAt > now);
    }

    /// <summary>The key that signs now: the most recently activated one.</summary>
    public async Task<Key> Current(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var current = (await Load(ct)).FirstOrDefault(k => k.SignsAt(now));
        if (current is not null) return current;
        await Rotate(ct, onlyIfNone: true);
        now = clock.GetUtcNow().UtcDateTime;
        return (await Load(ct, fresh: true)).First(k => k.SignsAt(now));
    }

    /// <summary>What the JWKS lists: the signing key, the next one, and those retired within a day.</summary>
    public async Task<IReadOnlyList<Key>> Published(CancellationToken ct)
    {
        await Current(ct);
        var horizon = clock.GetUtcNow().UtcDateTime - PublishRetiredFor;
        return (await Load(ct)).Where(k => k.RetiredAt is null || k.RetiredAt > horizon).ToList();
    }

    /// <summary>Makes a new current key. An advisory lock keeps two instances from creating two at once.</summary>
    public async Task<string> Rotate(CancellationToken ct, bool onlyIfNone = false)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Run(connection, tx, "select pg_advisory_xact_lock(hashtext('alliance.signing_keys'))", ct);
        if (onlyIfNone)
        {
            await using var any = new NpgsqlCommand("select count(*) from signing_keys where retired_at is null", connection, tx);
            if ((long)(await any.ExecuteScalarAsync(ct))! > 0) return "";
        }
        // The very first key signs at once; a successor waits until every validator has seen it.
        var activatesAt = clock.GetUtcNow().UtcDateTime + (onlyIfNone ? TimeSpan.Zero : TimeSpan.FromSeconds(config.GetValue("Tokens:KeyActivationDelaySeconds", 600)));
        using var rsa = RSA.Create(2048);
        var kid = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12));
        await using var retire = new NpgsqlCommand("update signing_keys set retired_at = $1 where retired_at is null", connection, tx)
        { Parameters = { new() { Value = activatesAt } } };
        await retire.ExecuteNonQueryAsync(ct);
        await using var insert = new NpgsqlCommand("insert into signing_keys (kid, private_key_protected, activates_at) values ($1, $2, $3)", connection, tx)
        { Parameters = { new() { Value = kid }, new() { Value = Protector.Protect(rsa.ExportPkcs8PrivateKeyPem()) }, new() { Value = activatesAt } } };
        await insert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        _cache = null;
        return kid;
    }

    private async Task<IReadOnlyList<Key>> Load(CancellationToken ct, bool fresh = false)
    {
        if (!fresh && _cache is { } cache && clock.GetUtcNow() - cache.At < CacheFor) return cache.Keys;
        var keys = new List<Key>();
        await using var cmd = db.CreateCommand(
            "select kid, coalesce(private_key_protected, private_key_pem), private_key_protected is not null, activates_at, retired_at from signing_keys order by activates_at desc");
        await using var row = await cmd.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
        {
            var rsa = RSA.Create();
            // A key still in clear (an older version wrote it, and ProtectPlainSigningKeys has not run yet) is read as it is.
            rsa.ImportFromPem(row.GetBoolean(2) ? Protector.Unprotect(row.GetString(1)) : row.GetString(1));
            var kid = row.GetString(0);
            keys.Add(new Key(kid, new RsaSecurityKey(rsa) { KeyId = kid }, new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = kid },
                row.GetDateTime(3), row.IsDBNull(4) ? null : row.GetDateTime(4)));
        }
        _cache = (clock.GetUtcNow(), keys);
        return keys;
    }

    private static async Task Run(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
