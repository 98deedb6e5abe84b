using System.Text.Json.Nodes;
using Alliance.Import;

// dotnet run --project tools/Alliance.Import -- FILE [GATEWAY]
// The secretariat's credentials: ALLIANCE_CLIENT_ID / ALLIANCE_CLIENT_SECRET, or .alliance/dev-credentials.json (make run).
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Alliance.Import FILE [GATEWAY_URL]   (FILE: the k8s-conformance CSV; GATEWAY_URL: default http://127.0.0.1:8080)");
    return 2;
}
var gateway = args.Length > 1 ? args[1] : "http://127.0.0.1:8080";
var (clientId, secret) = (Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_ID"), Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET"));
if (clientId is null || secret is null)
{
    var file = Path.Combine(Directory.GetCurrentDirectory(), ".alliance", "dev-credentials.json");
    if (!File.Exists(file))
    {
        Console.Error.WriteLine("No credentials: set ALLIANCE_CLIENT_ID and ALLIANCE_CLIENT_SECRET, or run `make run` once to create .alliance/dev-credentials.json.");
        return 2;
    }
    var secretariat = JsonNode.Parse(File.ReadAllText(file))!["secretariat"]!;
    (clientId, secret) = ((string)secretariat["clientId"]!, (string)secretariat["clientSecret"]!);
}
var summary = await new Importer(new Api(gateway, clientId, secret), Console.Out, Console.Error).Run(args[0]);
return 0;
