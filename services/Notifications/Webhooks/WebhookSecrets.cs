using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// Signing secrets: 32 random bytes shown once as whsec_{base64} (Standard Webhooks), kept only encrypted by the service's
/// Data Protection key ring (itself encrypted under the key-encryption key outside the database). A rotation adds a
/// new secret and gives the previous ones an end (the overlap), so deliveries carry both signatures meanwhile.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("webhook-signing-secrets");

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task Store(NpgsqlConnection db, NpgsqlTransaction? tx, Guid webhook, int number, string secret, DateTimeOffset now) =>
        await db.ExecuteAsync("insert into webhook_secrets (webhook_id, secret_number, secret_protected, created_at) values (@webhook, @number, @value, @now)",
            new { webhook, number, value = _protector.Protect(secret), now }, tx);

    /// <summary>The secrets valid now, newest first: every one signs (the signature header is a space-separated list).</summary>
    public async Task<List<string>> Valid(NpgsqlConnection db, Guid webhook, DateTimeOffset now)
    {
        var rows = await db.QueryAsync<string>("""
            select secret_protected from webhook_secrets where webhook_id = @webhook and (expires_at is null or expires_at > @now)
            order by secret_number desc
            """, new { webhook, now });
        return rows.Select(_protector.Unprotect).ToList();
    }
}
