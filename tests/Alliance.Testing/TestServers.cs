using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Xunit;

namespace Alliance.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ that `make test` started (or that the environment names), with a
/// fresh database per service and a fresh RabbitMQ virtual host per fixture, so that test classes and
/// test runs never see each other's data or messages. Everything is dropped again at the end.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private readonly string _run = $"t{DateTime.UtcNow:MMddHHmmss}_{Guid.NewGuid().ToString("N")[..8]}";
    private readonly List<string> _databases = [];

    public string PostgresServer { get; } = Environment.GetEnvironmentVariable("Postgres__ConnectionString")
        ?? "Host=127.0.0.1;Port=54329;Username=postgres;Password=alliance";
    public string RabbitHost { get; } = Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1";
    public ushort RabbitPort { get; } = ushort.Parse(Environment.GetEnvironmentVariable("RabbitMq__Port") ?? "56729");
    public string RabbitUser { get; } = Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest";
    public string RabbitPassword { get; } = Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest";
    public string ManagementUrl { get; } = Environment.GetEnvironmentVariable("RabbitMq__ManagementUrl") ?? "http://127.0.0.1:15679";
    public string VirtualHost => _run;

    public string Database(string service)
    {
        var name = $"{_run}_{service}";
        lock (_databases) if (!_databases.Contains(name)) _databases.Add(name);
        return name;
    }

    public string ConnectionString(string service) =>
        new NpgsqlConnectionStringBuilder(PostgresServer) { Database = Database(service) }.ConnectionString;

    /// <summary>Configuration a service needs to run against this fixture's isolated database and virtual host.</summary>
    public Dictionary<string, string> SettingsFor(string service) => new()
    {
        ["Postgres:ConnectionString"] = PostgresServer,
        ["Postgres:Database"] = Database(service),
        ["RabbitMq:Host"] = RabbitHost,
        ["RabbitMq:Port"] = RabbitPort.ToString(),
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = RabbitUser,
        ["RabbitMq:Password"] = RabbitPassword,
    };

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
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await db.OpenAsync();
        foreach (var name in _databases)
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", db);
            await drop.ExecuteNonQueryAsync();
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
