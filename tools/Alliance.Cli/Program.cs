using System.CommandLine;
using Alliance.Cli;

// Every command group is a class implementing ICommandGroup in Commands/: adding one needs no change here.
var root = new RootCommand("alliance: the Alliance platform from a terminal");
GlobalOptions.AddTo(root);
foreach (var command in CommandGroups.Discover()) root.Subcommands.Add(command);
var parse = root.Parse(args);
// A wrong command line is exit code 2 (usage), as documented; System.CommandLine's own default is 1.
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine("alliance: " + error.Message);
    Console.Error.WriteLine("alliance: see `alliance --help`");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
