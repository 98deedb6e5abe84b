using System.CommandLine;
using System.Reflection;

namespace Alliance.Cli.Commands;

/// <summary>`alliance version`: the tool's own version, for bug reports.</summary>
public sealed class VersionCommand : ICommandGroup
{
    public Command Build()
    {
        var command = new Command("version", "print the version of this tool");
        command.SetAction(_ =>
        {
            Console.WriteLine(typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        });
        return command;
    }
}
