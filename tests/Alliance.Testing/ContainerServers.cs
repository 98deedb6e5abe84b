using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Alliance.Testing;

/// <summary>
/// PostgreSQL and RabbitMQ for the test fixtures in containers, through Testcontainers' modules, when a
/// Docker-compatible engine answers: one pair per test process, started on first use and removed when the process
/// exits; every fixture still gets its own databases and virtual host on them (TestServers). Which servers a run uses:
/// ALLIANCE_TESTCONTAINERS=1 containers (the engine must answer), =0 the local servers (deploy/infra.sh env); unset:
/// the local servers when deploy/infra.sh env is in the environment, otherwise containers when an engine answers
/// (a developer with Docker runs `dotnet test` and nothing else). Images: ALLIANCE_TESTCONTAINERS_POSTGRES_IMAGE and
/// _RABBITMQ_IMAGE (make test-containers gives the ones `make images` built here, which are never pulled), by
/// default postgres:15 and rabbitmq:3.10-management.
/// </summary>
public static class ContainerServers
{
    public sealed record Endpoints(string AdminServer, string RabbitHost, ushort RabbitPort, string RabbitUser, string RabbitPassword, string ManagementUrl);

    private static readonly Lazy<Endpoints?> Started = new(StartIfWanted, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The containers' addresses, or null when this run uses the local servers.</summary>
    public static Endpoints? Current => Started.Value;

    private static Endpoints? StartIfWanted()
    {
        var wanted = Environment.GetEnvironmentVariable("ALLIANCE_TESTCONTAINERS");
        if (wanted == "0") return null;
        if (wanted != "1" && Environment.GetEnvironmentVariable("ALLIANCE_PG_ADMIN") is not null) return null;
        if (!EngineAnswers())
        {
            if (wanted == "1") throw new InvalidOperationException($"ALLIANCE_TESTCONTAINERS=1 but no Docker-compatible engine answers at {Socket()} (DOCKER_HOST).");
            return null;
        }
        return Start().GetAwaiter().GetResult();
    }

    private static async Task<Endpoints> Start()
    {
        // Generated per run: never a password built into the tests.
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var postgres = new PostgreSqlBuilder(Environment.GetEnvironmentVariable("ALLIANCE_TESTCONTAINERS_POSTGRES_IMAGE") ?? "postgres:15")
            .WithUsername("postgres").WithPassword(password).WithDatabase("postgres")
            // As deploy/infra.sh starts it: every service's pool of a few fixtures at once.
            .WithCommand("-c", "max_connections=300")
            .WithLabel("org.alliance.testcontainers", "true")
            .Build();
        var rabbit = new RabbitMqBuilder(Environment.GetEnvironmentVariable("ALLIANCE_TESTCONTAINERS_RABBITMQ_IMAGE") ?? "rabbitmq:3.10-management")
            .WithUsername("alliance").WithPassword(password)
            // The fixtures make a virtual host each through the management API.
            .WithPortBinding(15672, true)
            .WithLabel("org.alliance.testcontainers", "true")
            .Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Task.WhenAll(postgres.DisposeAsync().AsTask(), rabbit.DisposeAsync().AsTask()).Wait(TimeSpan.FromSeconds(30));
        var host = rabbit.Hostname;
        return new Endpoints(
            $"Host={postgres.Hostname};Port={postgres.GetMappedPublicPort(5432)};Username=postgres;Password={password}",
            host, rabbit.GetMappedPublicPort(5672), "alliance", password, $"http://{host}:{rabbit.GetMappedPublicPort(15672)}");
    }

    private static string Socket()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return host is { Length: > 0 } ? host : "unix:///var/run/docker.sock";
    }

    /// <summary>Whether the engine's API answers its ping (a unix socket; any other DOCKER_HOST is left to Testcontainers).</summary>
    private static bool EngineAnswers()
    {
        var endpoint = Socket();
        if (!endpoint.StartsWith("unix://", StringComparison.Ordinal)) return true;
        var path = endpoint["unix://".Length..];
        if (!File.Exists(path)) return false;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            })
            { Timeout = TimeSpan.FromSeconds(5) };
            return http.GetAsync("http://engine/_ping").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }
}
