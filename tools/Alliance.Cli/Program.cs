using System.CommandLine;
using Alliance.Cli;

// Every command group is a class implementing ICommandGroup in Commands/: adding one needs no change here.
var root = new RootCommand("alliance: the Alliance platform from a terminal");
foreach (var command in CommandGroups.Discover()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
