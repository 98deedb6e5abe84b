using System.CommandLine;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliance.Cli;
using Alliance.Import;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance import k8s FILE`: the Certified Kubernetes data set (cncf/k8s-conformance as CSV) through the public API, as
/// the secretariat, with a progress bar and a summary; idempotent. Credentials: ALLIANCE_CLIENT_ID/ALLIANCE_CLIENT_SECRET,
/// else the signed-in profile, else .alliance/dev-credentials.json in the current folder (what `make run` writes).
/// </summary>
public sealed class ImportK8sCommand : ICommandGroup
{
    public string? Parent => "import";

    public Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "the k8s-conformance CSV (../shared/data/k8s-conformance.csv)" };
        file.AcceptExistingOnly();
        var command = new Command("k8s", "the Certified Kubernetes programme: standard K8S, its versions, vendors, products, certifications") { file };
        CliAction.Set(command, async (parse, client, ct) =>
        {
            var (clientId, secret) = Credentials(client);
            try
            {
                var summary = await new Importer(new PlatformApi(client.Url, clientId, secret), client.Json ? TextWriter.Null : Console.Out, Console.Error)
                    .Run(parse.GetValue(file)!.FullName);
                if (client.Json) Output.Json(JsonSerializer.SerializeToNode(summary, JsonSerializerOptions.Web));
                return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.Refused;
            }
            catch (PlatformError e)
            {
                throw new CliFailure((int)e.Status is 502 or 503 or 504 ? ExitCodes.Unreachable : ExitCodes.Refused, e.Message);
            }
            catch (HttpRequestException e)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"{client.Url} is unreachable: {e.Message}");
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("sign-in", StringComparison.Ordinal))
            {
                throw new CliFailure(ExitCodes.Refused, e.Message);
            }
        });
        return command;
    }

    private static (string, string) Credentials(PlatformClient client)
    {
        if ((Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_ID"), Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET")) is ({ Length: > 0 } id, { Length: > 0 } secret))
            return (id, secret);
        if (client.ClientCredentials is { } profile) return profile;
        var path = Path.Combine(Directory.GetCurrentDirectory(), ".alliance", "dev-credentials.json");
        if (!File.Exists(path))
            throw CliFailure.Usage("no credentials: `alliance login` as the secretariat, set ALLIANCE_CLIENT_ID and ALLIANCE_CLIENT_SECRET, or run `make run` once (.alliance/dev-credentials.json)");
        var secretariat = JsonNode.Parse(File.ReadAllText(path))!["secretariat"]!;
        return ((string)secretariat["clientId"]!, (string)secretariat["clientSecret"]!);
    }
}
