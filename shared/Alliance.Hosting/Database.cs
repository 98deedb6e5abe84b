using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Where a service's database is and who the service is there. Postgres:ConnectionString names the server (and, in
/// a deployment that gives each process its own settings, the credentials); Postgres:{service}:Username and
/// Postgres:{service}:Password name the service's own role, so one environment (deploy/infra.sh env) can serve every
/// service without any of them knowing another's password. Postgres:Database defaults to alliance_{service}.
/// There is no default password: a service that is given none fails at start (deploy/infra.sh creates the roles).
/// </summary>
public sealed record DatabaseSettings(string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration config, string service)
    {
        var server = config["Postgres:ConnectionString"] ?? "Host=127.0.0.1;Port=54329";
        var builder = new NpgsqlConnectionStringBuilder(server)
        {
            Database = config["Postgres:Database"] ?? $"alliance_{service}",
            // Fail fast when PostgreSQL is down, so requests get a quick 503 rather than a hang.
            Timeout = 5,
            CommandTimeout = 30,
        };
        if (config[$"Postgres:{service}:Username"] is { Length: > 0 } user) builder.Username = user;
        if (config[$"Postgres:{service}:Password"] is { Length: > 0 } password) builder.Password = password;
        builder.Username ??= $"alliance_{service}";
        // Which process a connection (and so an advisory lock: who leads what) belongs to, in pg_stat_activity.
        builder.ApplicationName ??= $"alliance_{service} pid {Environment.ProcessId}";
        return new DatabaseSettings(builder.ConnectionString);
    }
}

/// <summary>
/// A service's own read-model tables, as idempotent DDL. Each feature area registers its SQL; it runs
/// once at start, after the database exists and before Marten applies its own schema.
/// </summary>
public sealed record ReadModelSchema(string Name, string Sql);

/// <summary>Creates the service's database when missing and applies the read-model DDL, retrying while PostgreSQL starts.</summary>
internal sealed class DatabaseBootstrap(DatabaseSettings settings, IEnumerable<ReadModelSchema> schemas, ILogger<DatabaseBootstrap> log)
    : IHostedLifecycleService
{
    // Instances of a service starting together on a fresh database would race on its DDL ("create table if not
    // exists" is not safe against itself: a duplicate pg_type row) and on Marten's schema and the seeders: the start
    // is serialised by a session advisory lock, taken here and released once every hosted service has started.
    private static readonly long StartupLock = Leadership.KeyOf("startup");
    private NpgsqlConnection? _startup;

    // StartingAsync runs before every hosted service's StartAsync, Marten's schema migration among them.
    public async Task StartingAsync(CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureDatabaseExists(target, ct);
                await ReleaseStartupLock();
                var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
                _startup = db;
                await db.OpenAsync(ct);
                await using (var take = new NpgsqlCommand("select pg_advisory_lock($1)", db) { Parameters = { new() { Value = StartupLock } } })
                    await take.ExecuteNonQueryAsync(ct);
                foreach (var schema in schemas)
                {
                    await using var cmd = new NpgsqlCommand(schema.Sql, db);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                return;
            }
            catch (NpgsqlException e) when (attempt < 30 && e.SqlState is null)
            {
                log.LogWarning("PostgreSQL not reachable yet ({Message}); retrying", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    // The database and its owner role are made by whoever holds the superuser (deploy/infra.sh, the test fixture):
    // a service's own role may not create databases, so a missing one is an operator's error, said plainly.
    private static async Task EnsureDatabaseExists(NpgsqlConnectionStringBuilder target, CancellationToken ct)
    {
        try
        {
            await using var probe = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false }.ConnectionString);
            await probe.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new InvalidOperationException(
                $"Database {target.Database} does not exist. Create it, owned by role {target.Username}, with deploy/infra.sh up (or as your database administrator).", e);
        }
    }

    private async Task ReleaseStartupLock()
    {
        // Closing the unpooled connection ends its session, and with it the lock.
        if (_startup is { } held) await held.DisposeAsync();
        _startup = null;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => ReleaseStartupLock();
    public Task StoppingAsync(CancellationToken ct) => ReleaseStartupLock();
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
