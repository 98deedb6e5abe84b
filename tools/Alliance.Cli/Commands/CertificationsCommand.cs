using System.CommandLine;
using System.Text.Json.Nodes;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance certifications watch PRODUCT [--standard S] [--version V] [--interval SECONDS] [--once]`, for CI: exit 0 while
/// the product's certifications in force when the watch began stay in force; exit 1 as soon as one has expired, been
/// revoked, lapsed or been withdrawn (or when none was in force to begin with). `--once` checks and exits.
/// </summary>
public sealed class CertificationsCommand : ICommandGroup
{
    private static readonly string[] Ended = ["expired", "revoked", "lapsed", "withdrawn"];

    public Command Build()
    {
        var product = new Argument<Guid>("PRODUCT") { Description = "the product's id" };
        var standard = new Option<string?>("--standard") { Description = "only certifications against this standard" };
        var version = new Option<string?>("--version") { Description = "only certifications against this version" };
        var interval = new Option<double>("--interval") { Description = "seconds between checks (default 60)", DefaultValueFactory = _ => 60 };
        var once = new Option<bool>("--once") { Description = "check once and exit (0 valid, 1 not)" };
        var watch = new Command("watch", "exit 0 while the product's certifications are in force, 1 once one has ended") { product, standard, version, interval, once };
        CliAction.Set(watch, async (parse, client, ct) =>
        {
            var (id, code, ver) = (parse.GetValue(product), parse.GetValue(standard), parse.GetValue(version));
            var seconds = parse.GetValue(interval);
            if (seconds is < 0.1 or > 86400) throw CliFailure.Usage("--interval: between 0.1 and 86400 seconds");
            var watched = InForce(await Certifications(client, id, code, ver, ct)).Select(c => (string)c["certificationId"]!).ToHashSet();
            if (watched.Count == 0)
            {
                Report(client, "none-in-force", $"product {id} has no certification in force{Filter(code, ver)}", null);
                return ExitCodes.Refused;
            }
            Report(client, "watching", $"{watched.Count} certification(s) of product {id} in force{Filter(code, ver)}", null);
            while (true)
            {
                var now = DateTimeOffset.UtcNow;
                foreach (var c in (await Certifications(client, id, code, ver, ct)).Where(c => watched.Contains((string)c["certificationId"]!)))
                {
                    var status = (string)c["status"]!;
                    var until = (DateTimeOffset?)c["validUntil"];
                    if (Ended.Contains(status) || until <= now)
                    {
                        var why = Ended.Contains(status) ? status : "expired";
                        Report(client, why, $"certification {c["certificationId"]} ({c["standard"]} {c["version"]}) is {why}", c);
                        return ExitCodes.Refused;
                    }
                }
                if (parse.GetValue(once)) return ExitCodes.Ok;
                await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            }
        });
        var command = new Command("certifications", "a product's certifications, for scripts and CI");
        command.Subcommands.Add(watch);
        return command;
    }

    private static string Filter(string? code, string? version) => code is null ? "" : $" against {code}{(version is null ? "" : " " + version)}";

    private static IEnumerable<JsonNode> InForce(IEnumerable<JsonNode> certifications) =>
        certifications.Where(c => (string?)c["status"] == "certified" && ((DateTimeOffset?)c["validUntil"] is not { } until || until > DateTimeOffset.UtcNow));

    private static async Task<List<JsonNode>> Certifications(PlatformClient client, Guid product, string? code, string? version, CancellationToken ct)
    {
        var answer = await client.Get($"products/{product}", ct);
        return answer["certifications"]!.AsArray().OfType<JsonNode>()
            .Where(c => (code is null || (string?)c["standard"] == code) && (version is null || (string?)c["version"] == version))
            .ToList();
    }

    private static void Report(PlatformClient client, string status, string text, JsonNode? certification)
    {
        if (client.Json)
            Console.Out.WriteLine(new JsonObject { ["status"] = status, ["message"] = text, ["certification"] = certification?.DeepClone(), ["at"] = DateTimeOffset.UtcNow }.ToJsonString());
        else Output.Line(text);
        Console.Out.Flush();
    }
}
