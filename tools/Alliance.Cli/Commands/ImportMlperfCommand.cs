using System.CommandLine;
using Alliance.Cli;
using Alliance.Cli.Mlperf;
using Spectre.Console;

namespace Alliance.Cli.Commands;

/// <summary>`alliance import mlperf FILE`: an MLPerf Inference results table (summary_results.json) into the platform, through its API.</summary>
public sealed class ImportMlperfCommand : ICommandGroup
{
    public string? Parent => "import";

    public Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "the results table: summary_results.json of an mlcommons/inference_results_vX.Y repository" };
        var gateway = new Option<string>("--gateway") { Description = "the platform's gateway", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var published = new Option<DateTimeOffset?>("--published") { Description = "the round's publication date (known for v4.0, v4.1, v5.0)" };
        var standard = new Option<string>("--standard") { Description = "the code of the suite to import into", DefaultValueFactory = _ => MlperfImporter.Code };
        var command = new Command("mlperf", "import MLCommons' MLPerf Inference results (historical, reviewed by MLCommons)") { file, gateway, published, standard };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"No such file: {path.FullName}");
                return 2;
            }
            if (PlatformApi.Credentials() is not { } credentials)
            {
                Console.Error.WriteLine("No credentials: set ALLIANCE_CLIENT_ID and ALLIANCE_CLIENT_SECRET (the secretariat), or run `make run` once to create .alliance/dev-credentials.json.");
                return 2;
            }
            var api = new PlatformApi(parse.GetValue(gateway)!, credentials.ClientId, credentials.Secret);
            var summary = await new MlperfImporter(api, AnsiConsole.Console, parse.GetValue(standard)!, parse.GetValue(published)).Run(path.FullName);
            return summary.Failed == 0 ? 0 : 1;
        });
        return command;
    }
}
