using System.Diagnostics;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Reliability.Tests;

/// <summary>
/// The four processes of the platform (no Portal) on the reliability suite's own servers, with the means to
/// hurt them: kill -9 or SIGTERM a service and start it again, stop and start RabbitMQ or PostgreSQL.
/// </summary>
public class ChaosPlatform : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public ServiceProcess Registry { get; private set; } = null!;
    public ServiceProcess Governance { get; private set; } = null!;
    public ServiceProcess Compatibility { get; private set; } = null!;
    public ServiceProcess Gateway { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public HttpClient Secretariat { get; private set; } = null!;
    public string SecretariatToken { get; private set; } = null!;

    /// <summary>reduced inside make test; full for make chaos.</summary>
    public static bool Full => Environment.GetEnvironmentVariable("ALLIANCE_CHAOS_SCALE") == "full";

    public IEnumerable<ServiceProcess> Services => [Registry, Governance, Compatibility];

    public async Task InitializeAsync()
    {
        // Stopping a broker or a database is only done to servers this suite owns (deploy/chaos.sh starts them).
        if (Environment.GetEnvironmentVariable("ALLIANCE_CHAOS") != "1")
            throw new InvalidOperationException("The reliability suite stops RabbitMQ and PostgreSQL: run it through deploy/chaos.sh (make test, make chaos), which gives it servers of its own.");
        await Servers.InitializeAsync();
        // The load comes from one address: the per-IP limits of the public API are not what is tested here.
        _processes = new PlatformProcesses(Servers, withPortal: false,
            new Dictionary<string, string>(ExtraSettings) { ["RateLimits:PublicPerMinute"] = "1000000", ["RateLimits:TokenPerMinute"] = "1000000", ["RateLimits:ClientPerMinute"] = "1000000" },
            instances: Instances);
        (Registry, Governance, Compatibility, Gateway) = (_processes.Registry, _processes.Governance, _processes.Compatibility, _processes.Gateway);
        await _processes.Start(Direct);
        Http = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        SecretariatToken = await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret);
        Secretariat = Client(SecretariatToken);
    }

    private PlatformProcesses _processes = null!;

    public IEnumerable<ServiceProcess> All => _processes.All;

    /// <summary>Instances of each service behind the gateway (ScaledChaosPlatform: two).</summary>
    protected virtual int Instances => 1;

    /// <summary>The processes' logs are kept as .run/logs/{LogPrefix}-{instance}.log.</summary>
    protected virtual string LogPrefix => "chaos";

    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    /// <summary>Every instance of a service, the first one first.</summary>
    public IReadOnlyList<ServiceProcess> InstancesOf(ServiceProcess first) => _processes.Instances(first);

    public HttpClient Client(string token)
    {
        // 30 s as Http: the preparation's first admission on a just started, scaled platform took longer than 10 s on a
        // loaded machine (make test runs this beside the end-to-end suite); the load's commands retry by themselves.
        var client = new HttpClient { BaseAddress = new Uri(Gateway.Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>deploy/infra.sh with this suite's servers (the environment deploy/chaos.sh set).</summary>
    public static async Task Infra(string command)
    {
        var start = new ProcessStartInfo(Path.Combine(ServiceProcess.RepoRoot, "deploy", "infra.sh"), command) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"deploy/infra.sh {command} failed: {error}");
    }

    /// <summary>An open connection to one service's database; unpooled, since this suite restarts the server under it.</summary>
    public async Task<NpgsqlConnection> Open(string service)
    {
        var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Servers.ConnectionString(service)) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        return db;
    }

    /// <summary>A scalar over one service's database.</summary>
    public async Task<long> Count(string service, string sql, params object[] values)
    {
        await using var db = await Open(service);
        await using var cmd = new NpgsqlCommand(sql, db);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L);
    }

    public async Task<long> AllEvents() =>
        await Count("registry", "select count(*) from mt_events") + await Count("governance", "select count(*) from mt_events")
        + await Count("compatibility", "select count(*) from mt_events");

    public async Task DisposeAsync()
    {
        await _processes.Stop(LogPrefix);
        await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ChaosPlatform>
{
    public const string Name = "chaos";
}
