using System.CommandLine;

namespace Alliance.Cli;

/// <summary>
/// One command of `alliance` with its subcommands. Parent null: a top-level command (`log`, `matrix`);
/// Parent "import": a subcommand of `alliance import` (`import k8s`, `import mlperf`), so that features
/// contribute to a shared verb without editing one file.
/// </summary>
public interface ICommandGroup
{
    string? Parent => null;

    Command Build();
}

public static class CommandGroups
{
    /// <summary>The one-line descriptions of shared parent verbs that contributed subcommands hang under.</summary>
    private static readonly Dictionary<string, string> ParentDescriptions = new(StringComparer.Ordinal)
    {
        ["import"] = "import a public data set into the platform through its API",
    };

    /// <summary>Every command in this assembly, ordered by name, so that new ones register themselves.</summary>
    public static IEnumerable<Command> Discover()
    {
        var groups = typeof(CommandGroups).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommandGroup).IsAssignableFrom(t))
            .Select(t => (ICommandGroup)Activator.CreateInstance(t)!)
            .Select(g => (g.Parent, Command: g.Build()))
            .OrderBy(g => g.Command.Name, StringComparer.Ordinal)
            .ToList();
        var parents = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var (parent, command) in groups)
        {
            if (parent is null) { yield return command; continue; }
            if (!parents.TryGetValue(parent, out var verb))
            {
                verb = new Command(parent, ParentDescriptions.GetValueOrDefault(parent, parent));
                parents[parent] = verb;
            }
            verb.Subcommands.Add(command);
        }
        foreach (var verb in parents.Values.OrderBy(v => v.Name, StringComparer.Ordinal)) yield return verb;
    }
}
