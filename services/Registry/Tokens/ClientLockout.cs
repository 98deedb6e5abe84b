using Alliance.Hosting;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// Per-client lockout at the token endpoint: Tokens:LockoutFailures (10) wrong secrets for one client id
/// within Tokens:LockoutWindowMinutes (5) lock that client id for Tokens:LockoutMinutes (5): every request
/// for it gets 429 with Retry-After, the right secret too, while other clients are unaffected. Unknown ids are
/// counted and locked the same way, so the lockout does not tell which ids exist. Failures and lockouts live in
/// the database, so every instance sees them; each lockout is a row the secretariat lists at GET
/// /connect/lockouts (client, member, when, until, failures, addresses) and a warning in the log. The time
/// comes from TimeProvider.
/// </summary>
public sealed class ClientLockout(NpgsqlDataSource db, TimeProvider clock, IConfiguration config, ILogger<ClientLockout> log)
{
    public static readonly ReadModelSchema Schema = new("client_lockouts", """
        create table if not exists token_failures (
            client_id text not null,
            failed_at timestamptz not null,
            address text);
        create index if not exists token_failures_client on token_failures (client_id, failed_at);
        create table if not exists client_lockouts (
            id bigint generated always as identity primary key,
            client_id text not null,
            member_id uuid,
            locked_at timestamptz not null,
            locked_until timestamptz not null,
            failures int not null,
            addresses text[] not null,
            lifted_at timestamptz,
            lifted_by text);
        create index if not exists client_lockouts_client on client_lockouts (client_id, locked_until);
        create index if not exists client_lockouts_locked_at on client_lockouts (locked_at);
        """);

    /// <summary>Failed attempts are kept only as long as they count; lockout records 90 days, for the secretariat.</summary>
    public static IEnumerable<Expiry> Expiries(IConfiguration config) =>
    [
        new("token_failures", "delete from token_failures where failed_at < $1", Window(config)),
        new("client_lockouts", "delete from client_lockouts where locked_until < $1", TimeSpan.FromDays(config.GetValue("Tokens:LockoutRetentionDays", 90))),
    ];

    private int Threshold => config.GetValue("Tokens:LockoutFailures", 10);
    private static TimeSpan Window(IConfiguration config) => TimeSpan.FromMinutes(config.GetValue("Tokens:LockoutWindowMinutes", 5.0));
    private TimeSpan Duration => TimeSpan.FromMinutes(config.GetValue("Tokens:LockoutMinutes", 5.0));

    /// <summary>How long this client id stays locked, or null when it is not.</summary>
    public async Task<TimeSpan?> LockedFor(string clientId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var cmd = db.CreateCommand("select max(locked_until) from client_lockouts where client_id = $1 and locked_until > $2 and lifted_at is null");
        cmd.Parameters.Add(new() { Value = clientId });
        cmd.Parameters.Add(new() { Value = now });
        return await cmd.ExecuteScalarAsync(ct) is DateTime until ? new DateTimeOffset(until, TimeSpan.Zero) - now : null;
    }

    /// <summary>Records a wrong secret; the failure that reaches the threshold within the window locks the client id.</summary>
    public async Task Failed(string clientId, Guid? memberId, string? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        NpgsqlParameter[] Parameters() =>
        [
            new("client", clientId), new("member", NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)memberId ?? DBNull.Value },
            new("address", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)address ?? DBNull.Value },
            new("now", now), new("since", now - Window(config)), new("until", now + Duration),
        ];
        var failures = (long)(await Scalar(connection, tx, """
            insert into token_failures (client_id, failed_at, address) values (@client, @now, @address);
            select count(*) from token_failures where client_id = @client and failed_at > @since;
            """, Parameters(), ct))!;
        if (failures >= Threshold)
        {
            // The failures that caused it are consumed: after the lockout the count starts again from zero.
            await Scalar(connection, tx, """
                insert into client_lockouts (client_id, member_id, locked_at, locked_until, failures, addresses)
                select @client, @member, @now, @until, count(*), array_agg(distinct coalesce(address, '')) from token_failures where client_id = @client and failed_at > @since;
                delete from token_failures where client_id = @client;
                """, Parameters(), ct);
            log.LogWarning("Client {ClientId} (member {MemberId}) locked out until {Until} after {Failures} failed secrets; last from {Address}",
                clientId, memberId, now + Duration, failures, address);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, NpgsqlParameter[] values, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.Parameters.AddRange(values);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
