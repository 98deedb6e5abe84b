using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>Where a service's database is: Postgres:ConnectionString (server) + Postgres:Database (default alliance_{service}).</summary>
public sealed record DatabaseSettings(string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration config, string service)
    {
        var server = config["Postgres:ConnectionString"] ?? "Host=127.0.0.1;Port=54329;Username=postgres;Password=alliance";
        var builder = new NpgsqlConnectionStringBuilder(server)
        {
            Database = config["Postgres:Database"] ?? $"alliance_{service}",
            // Fail fast when PostgreSQL is down, so requests get a quick 503 rather than a hang.
            Timeout = 5,
            CommandTimeout = 30,
        };
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
    // StartingAsync runs before every hosted service's StartAsync, Marten's schema migration among them.
    public async Task StartingAsync(CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateDatabaseIfMissing(target, ct);
                await using var db = new NpgsqlConnection(settings.ConnectionString);
                await db.OpenAsync(ct);
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

    private static async Task CreateDatabaseIfMissing(NpgsqlConnectionStringBuilder target, CancellationToken ct)
    {
        var server = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var db = new NpgsqlConnection(server.ConnectionString);
        await db.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", db) { Parameters = { new() { Value = target.Database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        try
        {
            await using var create = new NpgsqlCommand($"create database \"{target.Database!.Replace("\"", "")}\"", db);
            await create.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it at the same moment.
        }
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
