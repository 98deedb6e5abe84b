using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Alliance.Testing;

namespace Alliance.EndToEnd.Tests.Cli;

/// <summary>
/// The real `alliance` tool as an operating-system process (its build output, as `make cli` packs it), with a config
/// folder of its own so that profiles never touch the user's, and nothing of the test's environment it should not see.
/// </summary>
public sealed class AllianceCli : IDisposable
{
    public string ConfigFolder { get; } = Directory.CreateTempSubdirectory("alliance-cli-").FullName;

    // The configuration the tests were built in (bin/{Debug|Release}/net10.0), as ServiceProcess finds the services'.
    private static string BuildConfiguration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string Dll => Path.Combine(ServiceProcess.RepoRoot, "tools", "Alliance.Cli", "bin", BuildConfiguration, "net10.0", "Alliance.Cli.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("no JSON on stdout");
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException($"Build the CLI first (dotnet build Alliance.sln -c {BuildConfiguration}).", Dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? ConfigFolder,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "ALLIANCE_CLIENT_ID", "ALLIANCE_CLIENT_SECRET", "ALLIANCE_PROFILE", "ALLIANCE_URL", "ALLIANCE_PG_ADMIN" }) start.Environment.Remove(name);
        start.Environment["ALLIANCE_CONFIG_DIR"] = ConfigFolder;
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "240";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return start;
    }

    public async Task<Result> Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public Task<Result> Run(params string[] args) => Run(null, args);

    /// <summary>A process left running (certifications watch): its output collected as it comes.</summary>
    public sealed class Running(Process process) : IDisposable
    {
        private readonly StringBuilder _out = new();
        public Process Process { get; } = process;
        public string Stdout { get { lock (_out) return _out.ToString(); } }

        internal void Collect()
        {
            Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    public Running Start(params string[] args)
    {
        var running = new Running(Process.Start(StartInfo(args))!);
        running.Process.StandardInput.Close();
        running.Collect();
        return running;
    }

    public void Dispose()
    {
        try { Directory.Delete(ConfigFolder, recursive: true); } catch (IOException) { }
    }
}
