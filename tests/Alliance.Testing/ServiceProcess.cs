using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alliance.Testing;

/// <summary>
/// One service as a real operating-system process, started from its build output the way `make run`
/// starts it, with its log captured so tests can follow a correlation id across services.
/// </summary>
public sealed class ServiceProcess(string service, IReadOnlyDictionary<string, string> settings, int? port = null, string? name = null) : IDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    public string Service { get; } = service;

    /// <summary>Which instance this is: the service's name for the first, "Governance-2" for a second one.</summary>
    public string Name { get; } = name ?? service;
    public int Port { get; } = port ?? FreePort();
    public string Url => $"http://127.0.0.1:{Port}";
    public string Log { get { lock (_log) return _log.ToString(); } }

    public void Start()
    {
        var directory = Path.Combine(RepoRoot, "services", Service);
        var dll = Path.Combine(directory, "bin", BuildConfiguration, "net10.0", $"{Service}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build {Service} first (dotnet build Alliance.sln -c {BuildConfiguration}).", dll);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url);
        // Settings go in as environment variables: they override appsettings.json, as an operator's would.
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        // A service never holds the superuser's password (least privilege): only the fixture does.
        start.Environment.Remove("ALLIANCE_PG_ADMIN");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>A second instance of this service: the same settings (database, virtual host) but its own port.</summary>
    public ServiceProcess Twin(IReadOnlyDictionary<string, string> overrides, string? name = null) =>
        new(Service, new Dictionary<string, string>(settings.Concat(overrides).GroupBy(x => x.Key).Select(g => g.Last())), null, name);

    /// <summary>The operating system's id of the running process (PostgreSQL names its connections after it).</summary>
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The process ended (a crash point fired, or it was killed).</summary>
    public bool HasExited => _process is { HasExited: true };

    /// <summary>SIGKILL: no graceful shutdown, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false }) { _process.Kill(entireProcessTree: true); _process.WaitForExit(); }
    }

    /// <summary>SIGTERM: the graceful shutdown an orchestrator asks for; waits until the process has exited.</summary>
    public async Task Terminate(TimeSpan? timeout = null)
    {
        if (_process is not { HasExited: false } process) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(wait.Token);
    }

    // ALLIANCE_READY_TIMEOUT_SECONDS: a shared machine under heavy load may take longer than 90 s to start five processes.
    private static int ReadySeconds => int.TryParse(Environment.GetEnvironmentVariable("ALLIANCE_READY_TIMEOUT_SECONDS"), out var s) && s > 0 ? s : 180; // a loaded 2-core machine took 96 s to start one

    public async Task WaitUntilReady(HttpClient http, TimeSpan? timeout = null)
    {
        await Eventually.True(async () =>
        {
            if (_process is { HasExited: true }) throw new InvalidOperationException($"{Service} exited:\n{Log}");
            using var response = await http.GetAsync($"{Url}/health/ready");
            return response.IsSuccessStatusCode;
        }, $"{Service} ready", timeout ?? TimeSpan.FromSeconds(ReadySeconds));
    }

    public void Dispose() => Kill();

    /// <summary>
    /// A port for a test process to listen on, claimed for the life of this test run. Asking the kernel for port 0 and
    /// letting it go is a race the machine lost under load: the kernel hands the same ephemeral ports to outgoing
    /// connections and to other test runs, and a Registry then failed to start ("address already in use") and took a
    /// whole collection with it. So the port is drawn below the ephemeral range (32768-60999 on Linux, which no outgoing
    /// connection uses) and above the infrastructure's fixed ports (15679-15699), and claimed with a lock file that every
    /// test process on the machine respects (.NET's FileShare.None is an exclusive flock on Unix; the kernel drops it
    /// when the process ends, however it ends).
    /// </summary>
    public static int FreePort()
    {
        var claims = Path.Combine(Path.GetTempPath(), "alliance-test-ports");
        Directory.CreateDirectory(claims);
        while (true)
        {
            var port = Random.Shared.Next(20_000, 25_000);   // 25679-25699 and 43690-43710: RabbitMQ's distribution and epmd
            FileStream claim;
            try
            {
                claim = new FileStream(Path.Combine(claims, port.ToString(System.Globalization.CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue;   // another test process holds it
            }
            if (!Listenable(port))
            {
                claim.Dispose();
                continue;
            }
            lock (Claims) Claims.Add(claim);
            return port;
        }
    }

    private static readonly List<FileStream> Claims = [];

    private static bool Listenable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    // The test assembly lives in tests/X/bin/{Configuration}/net10.0: the services are built alongside.
    private static string BuildConfiguration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Alliance.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Alliance.sln not found above the test assembly.");
    }
}
