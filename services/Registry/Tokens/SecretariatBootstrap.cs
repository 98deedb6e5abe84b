using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// The secretariat's client comes from configuration (Secretariat:ClientId and Secretariat:ClientSecret):
/// it is the root of trust that admits the first members, so it cannot be created through the API.
/// Applied at every start; a changed secret replaces the stored hash.
/// </summary>
public sealed class SecretariatBootstrap(IConfiguration config, NpgsqlDataSource db, SecretHasher hasher, ILogger<SecretariatBootstrap> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var (clientId, secret) = (config["Secretariat:ClientId"], config["Secretariat:ClientSecret"]);
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
        {
            log.LogWarning("No Secretariat:ClientId/ClientSecret configured: nobody can admit members through this instance");
            return;
        }
        // Member secrets are 256 random bits; the configured one is only as strong as whoever chose it.
        if (secret.Length < 32)
            log.LogWarning("Secretariat:ClientSecret has {Length} characters: use at least 256 random bits (head -c 32 /dev/urandom | base64)", secret.Length);
        var current = await ClientCredentials.Find(db, clientId, ct);
        if (current is not null && current.Role == "secretariat" && hasher.Verify(secret, current.SecretHash)) return;
        await using var cmd = db.CreateCommand("""
            insert into client_credentials (client_id, member_id, role, label, secret_hash) values ($1, null, 'secretariat', 'configured', $2)
            on conflict (client_id) do update set role = 'secretariat', member_id = null, secret_hash = excluded.secret_hash, revoked_at = null
            """);
        cmd.Parameters.Add(new() { Value = clientId });
        cmd.Parameters.Add(new() { Value = hasher.Hash(secret) });
        await cmd.ExecuteNonQueryAsync(ct);
        log.LogInformation("Secretariat client {ClientId} configured", clientId);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
