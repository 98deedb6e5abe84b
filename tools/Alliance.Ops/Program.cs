using Alliance.Ops;

// dotnet run --project tools/Alliance.Ops -- errors list <queue> [--vhost /]
// dotnet run --project tools/Alliance.Ops -- errors replay <queue> [--vhost /] [--max 100]
// The broker comes from RabbitMq__ManagementUrl, RabbitMq__Username, RabbitMq__Password (deploy/infra.sh env).
if (args.Length < 3 || args[0] != "errors" || args[1] is not ("list" or "replay"))
{
    Console.Error.WriteLine("usage: errors list|replay <queue> [--vhost <virtual host>] [--max <n>]   (e.g. errors list governance-electorate)");
    return 2;
}
var (verb, queue, rest) = (args[1], args[2], args[3..]);
string Option(string name, string fallback) => rest.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var management = new Uri((Environment.GetEnvironmentVariable("RabbitMq__ManagementUrl") ?? "http://127.0.0.1:15679").TrimEnd('/') + "/");
using var errors = new ErrorQueues(management, Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest",
    Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest", Option("--vhost", "/"));
var max = int.Parse(Option("--max", "100"));
if (verb == "list")
{
    var letters = await errors.List(queue, max);
    Console.WriteLine($"{letters.Count} message(s) in {queue}_error");
    foreach (var l in letters)
        Console.WriteLine($"- {l.MessageId} {l.MessageType}\n  reason: {l.Reason ?? "(none recorded)"}\n  body: {(l.Body.Length > 300 ? l.Body[..300] + "…" : l.Body)}");
}
else
{
    Console.WriteLine($"{await errors.Replay(queue, max)} message(s) moved from {queue}_error back to {queue}");
}
return 0;
