using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ that `make test` started (or that the environment names), with a
/// fresh database per service and a fresh RabbitMQ virtual host per fixture, so that test classes and
/// test runs never see each other's data or messages. Everything is dropped again at the end.
/// Each service connects as a role of its own that owns only its database, as in a deployment
/// (deploy/infra.sh): the superuser (ALLIANCE_PG_ADMIN) only creates and drops them.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private readonly string _run = $"t{DateTime.UtcNow:MMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
    private readonly Dictionary<string, string> _roles = [];

    // Testcontainers' PostgreSQL and RabbitMQ when this run uses them (ContainerServers), otherwise the local servers.
    private static readonly ContainerServers.Endpoints? Containers = ContainerServers.Current;

    /// <summary>The superuser, from deploy/infra.sh env (an environment of before the roles: its Postgres__ConnectionString).</summary>
    public string AdminServer { get; } = Containers?.AdminServer ?? Environment.GetEnvironmentVariable("ALLIANCE_PG_ADMIN")
        ?? (Environment.GetEnvironmentVariable("Postgres__ConnectionString") is { } old && old.Contains("Password", StringComparison.OrdinalIgnoreCase) ? old : null)
        ?? throw new InvalidOperationException("ALLIANCE_PG_ADMIN is not set: run eval \"$(deploy/infra.sh env)\" first.");

    /// <summary>The server's address without any credentials: what a service is given besides its own role.</summary>
    public string PostgresServer => new NpgsqlConnectionStringBuilder(AdminServer) { Username = null, Password = null }.ConnectionString;
    public string RabbitHost { get; } = Containers?.RabbitHost ?? Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1";
    public ushort RabbitPort { get; } = Containers?.RabbitPort ?? ushort.Parse(Environment.GetEnvironmentVariable("RabbitMq__Port") ?? "56729");
    public string RabbitUser { get; } = Containers?.RabbitUser ?? Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest";
    public string RabbitPassword { get; } = Containers?.RabbitPassword ?? Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest";
    public string ManagementUrl { get; } = Containers?.ManagementUrl ?? Environment.GetEnvironmentVariable("RabbitMq__ManagementUrl") ?? "http://127.0.0.1:15679";
    public string VirtualHost => _run;

    /// <summary>The service's database, created on first use with its owner role (same name) and a fresh password.</summary>
    public string Database(string service)
    {
        var name = $"{_run}_{service}";
        lock (_roles)
        {
            if (_roles.ContainsKey(name)) return name;
            var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            using var db = Admin("postgres");
            // Identifiers and the password are ours (letters, digits, '_'), so they are safe to splice in.
            foreach (var sql in new[]
            {
                $"create role \"{name}\" login nosuperuser nocreatedb nocreaterole password '{password}'",
                $"create database \"{name}\" owner \"{name}\"",
                $"revoke all on database \"{name}\" from public",
            })
            {
                using var cmd = new NpgsqlCommand(sql, db);
                cmd.ExecuteNonQuery();
            }
            _roles[name] = password;
        }
        return name;
    }

    /// <summary>A connection string for the service's own role on its own database (what the service itself uses).</summary>
    public string ConnectionString(string service)
    {
        var name = Database(service);
        lock (_roles) return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Username = name, Password = _roles[name] }.ConnectionString;
    }

    /// <summary>Runs a scalar query on the service's database as its own role, for assertions on what was stored.</summary>
    public async Task<T> Scalar<T>(string service, string sql, params object[] values)
    {
        await using var db = new NpgsqlConnection(ConnectionString(service));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T));
    }

    /// <summary>The superuser on one of this fixture's databases (or postgres), for what no service may do.</summary>
    public NpgsqlConnection Admin(string database)
    {
        var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminServer) { Database = database, Pooling = false }.ConnectionString);
        db.Open();
        return db;
    }

    /// <summary>Configuration a service needs to run against this fixture's isolated database and virtual host, as its own role.</summary>
    public Dictionary<string, string> SettingsFor(string service) => new()
    {
        ["Postgres:ConnectionString"] = PostgresServer,
        ["Postgres:Database"] = Database(service),
        [$"Postgres:{service}:Username"] = Database(service),
        [$"Postgres:{service}:Password"] = Password(service),
        // The key ring is encrypted as in a deployment; the key-encryption key lives only as long as this fixture.
        [$"DataProtection:{service}:KeyRingKey"] = KeyRingKey,
        ["RabbitMq:Host"] = RabbitHost,
        ["RabbitMq:Port"] = RabbitPort.ToString(),
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = RabbitUser,
        ["RabbitMq:Password"] = RabbitPassword,
    };

    private string KeyRingKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private string Password(string service)
    {
        var name = Database(service);
        lock (_roles) return _roles[name];
    }

    public async Task InitializeAsync()
    {
        using var http = Management();
        (await http.PutAsync($"api/vhosts/{_run}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await http.PutAsync($"api/permissions/{_run}/{RabbitUser}", permissions)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        using (var http = Management()) await http.DeleteAsync($"api/vhosts/{_run}");
        await using var db = Admin("postgres");
        string[] names;
        lock (_roles) names = [.. _roles.Keys];
        foreach (var name in names)
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", db);
            await drop.ExecuteNonQueryAsync();
            await using var role = new NpgsqlCommand($"drop role if exists \"{name}\"", db);
            await role.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A client of RabbitMQ's management API, authenticated as the fixture's user.</summary>
    public HttpClient Management()
    {
        var http = new HttpClient { BaseAddress = new Uri(ManagementUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitUser}:{RabbitPassword}")));
        return http;
    }
}
