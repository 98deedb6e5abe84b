using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Alliance.Bench;

/// <summary>What the measures run against: the platform make bench started, its credentials and data, and a database of the bench's own.</summary>
public sealed class Setup
{
    public HttpClient Gateway { get; } = Client("http://127.0.0.1:8080");
    public HttpClient Registry { get; } = Client("http://127.0.0.1:8081");
    public HttpClient Compatibility { get; } = Client("http://127.0.0.1:8083");
    public string BenchDatabase { get; }
    private readonly List<Guid> _products = [];
    private HttpClient _secretariat = null!;
    private (string Id, string Secret) _secretariatCredentials;
    private readonly List<(Guid Member, HttpClient Client)> _voters = [];
    private Guid _committee;
    private string _code = "";
    private int _version;

    private readonly string _server;

    private Setup(string server)
    {
        _server = server;
        BenchDatabase = server + ";Database=alliance_bench;Maximum Pool Size=64";
    }

    /// <summary>A service's own database (the P7 generator appends into Compatibility's event store).</summary>
    /// <summary>As the service's own role (deploy/infra.sh env), so whatever the bench creates there stays the service's.</summary>
    public string ServiceDatabase(string service) =>
        new Npgsql.NpgsqlConnectionStringBuilder(_server)
        {
            Database = $"alliance_{service}",
            Username = Environment.GetEnvironmentVariable($"Postgres__{service}__Username") ?? $"alliance_{service}",
            Password = Environment.GetEnvironmentVariable($"Postgres__{service}__Password"),
        }.ConnectionString;

    /// <summary>The secretariat at a service's own port: operations such as a read-model rebuild are not routed by the gateway.</summary>
    public HttpClient SecretariatAt(string url) => Authorised(url, Gateway, _secretariatCredentials.Id, _secretariatCredentials.Secret);

    private static HttpClient Client(string url, HttpMessageHandler? handler = null) =>
        new(handler ?? Sockets()) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(10) };   // a read-model rebuild answers when it is done

    private static SocketsHttpHandler Sockets() => new() { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };

    public static async Task<Setup> Create(string repo)
    {
        // The superuser creates the bench's own database; deploy/infra.sh env names it (no password is built in).
        var server = Environment.GetEnvironmentVariable("ALLIANCE_PG_ADMIN")
            ?? throw new InvalidOperationException("ALLIANCE_PG_ADMIN is not set: run eval \"$(deploy/infra.sh env)\" first (make bench does).");
        await using (var admin = new Npgsql.NpgsqlConnection(server + ";Database=postgres"))
        {
            await admin.OpenAsync();
            await using var exists = new Npgsql.NpgsqlCommand("select 1 from pg_database where datname = 'alliance_bench'", admin);
            if (await exists.ExecuteScalarAsync() is null)
                await new Npgsql.NpgsqlCommand("create database alliance_bench", admin).ExecuteNonQueryAsync();
        }
        var setup = new Setup(server);
        var file = Environment.GetEnvironmentVariable("ALLIANCE_CREDENTIALS") ?? Path.Combine(repo, ".alliance", "dev-credentials.json");
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        setup._secretariatCredentials = ((string)credentials["secretariat"]!["clientId"]!, (string)credentials["secretariat"]!["clientSecret"]!);
        setup._secretariat = setup.SecretariatAt("http://127.0.0.1:8080");
        foreach (var m in credentials["members"]!.AsArray())
            setup._voters.Add(((Guid)m!["memberId"]!, Authorised("http://127.0.0.1:8080", setup.Gateway, (string)m["clientId"]!, (string)m["clientSecret"]!)));
        var page = await setup.Gateway.GetFromJsonAsync<JsonObject>("/api/matrix?standard=K8S&pageSize=200");
        setup._products.AddRange(page!["items"]!.AsArray().Select(i => (Guid)i!["productId"]!).Distinct());
        return setup;
    }

    public string CheckUrl(int worker) => $"/api/matrix/check?product={_products[worker * 7919 % _products.Count]}&standard=K8S";

    public int Products => _products.Count;

    private static HttpClient Authorised(string url, HttpClient gateway, string id, string secret) => Client(url, new BearerToken(gateway, id, secret));

    /// <summary>
    /// A client's bearer token, fetched again once it is 10 minutes old: tokens live 15 minutes and a full make bench
    /// runs far longer (the full run of 2026-12-07 stopped with 401 after P7's growth, about 35 minutes in, on a token taken
    /// at the start).
    /// </summary>
    private sealed class BearerToken(HttpClient gateway, string id, string secret) : DelegatingHandler(Sockets())
    {
        private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(10);
        private readonly SemaphoreSlim _fetching = new(1, 1);
        private volatile Issued? _issued;

        private sealed record Issued(string Token, long At);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Current(ct));
            return await base.SendAsync(request, ct);
        }

        private async Task<string> Current(CancellationToken ct)
        {
            if (_issued is { } fresh && Stopwatch.GetElapsedTime(fresh.At) < Renewal) return fresh.Token;
            await _fetching.WaitAsync(ct);
            try
            {
                if (_issued is not { } issued || Stopwatch.GetElapsedTime(issued.At) >= Renewal)
                    _issued = issued = new Issued(await Token(gateway, id, secret), Stopwatch.GetTimestamp());
                return issued.Token;
            }
            finally { _fetching.Release(); }
        }
    }

    private static async Task<string> Token(HttpClient gateway, string id, string secret)
    {
        using var response = await gateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret }));
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
    }

    /// <summary>A standard whose committee is the two demo members; each call ratifies one new version and times the last leg.</summary>
    public async Task<double> RatifyOnce()
    {
        if (_committee == Guid.Empty)
        {
            var created = await (await _secretariat.PostAsJsonAsync("/api/committees", new { name = $"Bench committee {Guid.NewGuid():N}", purpose = "standards", defaultProfile = "simple-majority" })).Content.ReadFromJsonAsync<JsonObject>();
            _committee = (Guid)created!["committeeId"]!;
            foreach (var (member, _) in _voters) (await _secretariat.PostAsJsonAsync($"/api/committees/{_committee}/seats", new { memberId = member, role = "voting", binding = true })).EnsureSuccessStatusCode();
            _code = "BENCH" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            (await _secretariat.PostAsJsonAsync("/api/standards", new { code = _code, title = "Bench", committeeId = _committee, validity = new { kind = "none" } })).EnsureSuccessStatusCode();
        }
        var version = $"{++_version}.0";
        (await _secretariat.PostAsJsonAsync($"/api/standards/{_code}/versions", new { version, requirements = new[] { new { id = "R1", level = "MUST", text = "Bench" } }, prerequisites = Array.Empty<object>() })).EnsureSuccessStatusCode();
        (await _secretariat.PostAsync($"/api/standards/{_code}/versions/{version}/ratification-requests", null)).EnsureSuccessStatusCode();
        Guid ballot = default;
        while (ballot == default)
        {
            var open = await Gateway.GetFromJsonAsync<JsonObject>($"/api/ballots?committee={_committee}&status=open");
            if (open!["items"]!.AsArray().FirstOrDefault(b => (string)b!["subjectReference"]! == $"{_code}/{version}") is { } b) ballot = (Guid)b["ballotId"]!;
            else await Task.Delay(20);
        }
        foreach (var (_, client) in _voters) (await client.PostAsJsonAsync($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        (await _secretariat.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
        while (true)
        {
            var standard = await Gateway.GetFromJsonAsync<JsonObject>($"/api/standards/{_code}");
            if (standard!["versions"]!.AsArray().Any(v => (string)v!["version"]! == version && (string)v["status"]! == "ratified")) return clock.Elapsed.TotalMilliseconds;
            await Task.Delay(5);
        }
    }

    /// <summary>The largest resident set size of each service process while the action runs (from /proc, every 200 ms).</summary>
    public static async Task<T> WatchMemory<T>(string repo, Dictionary<string, double> maxMegabytes, Func<Task<T>> action)
    {
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var service in new[] { "Registry", "Governance", "Compatibility", "Gateway" })
                {
                    var pidFile = Path.Combine(repo, ".run", "pids", $"{service}.pid");
                    if (!File.Exists(pidFile)) continue;
                    var status = Path.Combine("/proc", File.ReadAllText(pidFile).Trim(), "status");
                    if (!File.Exists(status)) continue;
                    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (line is null) continue;
                    var mb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
                    lock (maxMegabytes) maxMegabytes[service] = Math.Max(maxMegabytes.GetValueOrDefault(service), mb);
                }
                try { await Task.Delay(200, stop.Token); } catch (TaskCanceledException) { }
            }
        });
        try { return await action(); }
        finally { await stop.CancelAsync(); await watcher; }
    }
}
