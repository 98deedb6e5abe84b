namespace Alliance.Architecture.Tests;

/// <summary>
/// The repository's own build output, read as files (NetArchTest reads IL with Mono.Cecil, nothing is loaded),
/// in the configuration this test was built in: `make test` builds the whole solution first.
/// </summary>
public static class Assemblies
{
    public static readonly string RepoRoot = FindRepoRoot();

    /// <summary>Every service of services/, by folder name (Registry, Governance, …, and any added later).</summary>
    public static IReadOnlyList<string> Services { get; } =
        Directory.GetDirectories(Path.Combine(RepoRoot, "services")).Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static string Service(string name) => Output(Path.Combine("services", name), name);

    public static string Shared(string name) => Output(Path.Combine("shared", name), name);

    /// <summary>The namespace a service's code lives in: its project's RootNamespace (Transparency's is
    /// Alliance.Transparency.Service, since Alliance.Transparency is the shared Merkle library's).</summary>
    public static string Namespace(string service)
    {
        var project = File.ReadAllText(Path.Combine(RepoRoot, "services", service, service + ".csproj"));
        var root = System.Text.RegularExpressions.Regex.Match(project, "<RootNamespace>([^<]+)</RootNamespace>");
        return root.Success ? root.Groups[1].Value : "Alliance." + service;
    }

    /// <summary>A service loaded with its dependencies from its own output folder, apart from this test's, to read its
    /// types: once per service for the whole run, so rules running in parallel share it.</summary>
    public static System.Reflection.Assembly Load(string service) =>
        Loaded.GetOrAdd(service, name => new Lazy<System.Reflection.Assembly>(() =>
        {
            var path = Service(name);
            return new ServiceLoadContext(path).LoadFromAssemblyPath(path);
        })).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<System.Reflection.Assembly>> Loaded = new();

    /// <summary>The C# sources of a service, without build output.</summary>
    public static IEnumerable<string> Sources(string service) =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot, "services", service), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static string Output(string project, string assembly)
    {
        // .../tests/Architecture.Tests/bin/<Configuration>/<tfm>/ → the same configuration and tfm for the project.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepoRoot, project, "bin", here.Parent!.Name, here.Name, assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: build Alliance.sln first (make test does)");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Alliance.sln"))) return dir.FullName;
        throw new InvalidOperationException("Alliance.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class ServiceLoadContext(string servicePath) : System.Runtime.Loader.AssemblyLoadContext(isCollectible: false)
    {
        private readonly System.Runtime.Loader.AssemblyDependencyResolver _resolver = new(servicePath);

        protected override System.Reflection.Assembly? Load(System.Reflection.AssemblyName name) =>
            _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
