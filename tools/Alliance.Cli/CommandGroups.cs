using System.CommandLine;

namespace Alliance.Cli;

/// <summary>One top-level command of `alliance` (`log`, `matrix`, `import`, …) with its subcommands.</summary>
public interface ICommandGroup
{
    Command Build();
}

public static class CommandGroups
{
    /// <summary>Every command group in this assembly, ordered by name, so that new groups register themselves.</summary>
    public static IEnumerable<ICommandGroup> Discover() =>
        typeof(CommandGroups).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommandGroup).IsAssignableFrom(t))
            .Select(t => (ICommandGroup)Activator.CreateInstance(t)!)
            .OrderBy(g => g.GetType().Name, StringComparer.Ordinal);
}
