using System.Security.Cryptography;
using Alliance.Hosting;
using Dapper;
using Marten;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// OAuth clients and their hashed secrets. Secrets never enter the event store (its history is readable);
/// the Member stream records that a credential was issued or revoked, and this table, written in the same
/// transaction, holds the PBKDF2 hash (SecretHasher). A secret is shown once, when it is issued, and is never stored.
/// </summary>
public static class ClientCredentials
{
    public static readonly ReadModelSchema Schema = new("client_credentials", """
        create table if not exists client_credentials (
            client_id text primary key,
            member_id uuid,
            role text not null,
            label text,
            secret_hash text not null,
            issued_at timestamptz not null default now(),
            revoked_at timestamptz);
        create index if not exists client_credentials_member on client_credentials (member_id);
        """);

    public sealed record Client(string ClientId, Guid? MemberId, string Role, string SecretHash, DateTime? RevokedAt);

    public static string NewClientId(string prefix) => $"{prefix}-{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(9))}";

    /// <summary>256 random bits: a secret nobody can guess, so the hash (SecretHasher) only has to resist a stolen table.</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The row of a credential just issued, queued on the session that appends its MemberCredentialIssued.</summary>
    public static void QueueIssued(IDocumentOperations session, string clientId, Guid memberId, string role, string? label, string secretHash) =>
        session.QueueSqlCommand("insert into client_credentials (client_id, member_id, role, label, secret_hash) values (?, ?, ?, ?, ?)",
            clientId, memberId, role, (object?)label ?? DBNull.Value, secretHash);

    /// <summary>One credential revoked, queued on the session that appends its MemberCredentialRevoked.</summary>
    public static void QueueRevoked(IDocumentOperations session, string clientId) =>
        session.QueueSqlCommand("update client_credentials set revoked_at = now() where client_id = ?", clientId);

    /// <summary>Every active credential of the member revoked, queued on the session that suspends it, or records that it left.</summary>
    public static void QueueAllRevoked(IDocumentOperations session, Guid memberId) =>
        session.QueueSqlCommand("update client_credentials set revoked_at = now() where member_id = ? and revoked_at is null", memberId);

    public static async Task<Client?> Find(NpgsqlDataSource db, string clientId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Client>(
            "select client_id as ClientId, member_id as MemberId, role, secret_hash as SecretHash, revoked_at as RevokedAt from client_credentials where client_id = @clientId",
            new { clientId });
    }
}
