using System.CommandLine;
using System.Net.Http;
using System.Text.Json.Nodes;
using Alliance.Ops;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance errors list|replay QUEUE [--vhost /] [--max 100]`, for operators: the messages MassTransit dead-lettered to
/// {QUEUE}_error, and moving them back after a fix. The broker's management API comes from RabbitMq__ManagementUrl,
/// RabbitMq__Username, RabbitMq__Password (`eval "$(deploy/infra.sh env)"`), not from a profile.
/// </summary>
public sealed class ErrorsCommand : ICommandGroup
{
    public Command Build()
    {
        var command = new Command("errors", "dead-lettered messages of a queue (operators; RabbitMQ's management API)");
        command.Subcommands.Add(Verb("list", "the messages in QUEUE_error, with the reason each failed", async (errors, queue, max, json) =>
        {
            var letters = await errors.List(queue, max);
            if (json)
            {
                Output.Json(new JsonArray(letters.Select(l => (JsonNode)new JsonObject
                { ["messageId"] = l.MessageId, ["messageType"] = l.MessageType, ["reason"] = l.Reason, ["body"] = l.Body }).ToArray()));
                return;
            }
            Output.Line($"{letters.Count} message(s) in {queue}_error");
            foreach (var l in letters)
                Output.Line($"- {l.MessageId} {l.MessageType}\n  reason: {l.Reason ?? "(none recorded)"}\n  body: {(l.Body.Length > 300 ? l.Body[..300] + "…" : l.Body)}");
        }));
        command.Subcommands.Add(Verb("replay", "move the messages of QUEUE_error back to QUEUE", async (errors, queue, max, json) =>
        {
            var moved = await errors.Replay(queue, max);
            if (json) Output.Json(new JsonObject { ["queue"] = queue, ["moved"] = moved });
            else Output.Line($"{moved} message(s) moved from {queue}_error back to {queue}");
        }));
        return command;
    }

    private static Command Verb(string name, string description, Func<ErrorQueues, string, int, bool, Task> body)
    {
        var queue = new Argument<string>("QUEUE") { Description = "the consumer's queue, e.g. governance-electorate" };
        var vhost = new Option<string>("--vhost") { Description = "the RabbitMQ virtual host", DefaultValueFactory = _ => "/" };
        var max = new Option<int>("--max") { Description = "at most this many messages", DefaultValueFactory = _ => 100 };
        var verb = new Command(name, description) { queue, vhost, max };
        CliAction.Set(verb, async (parse, client, _) =>
        {
            if (parse.GetValue(max) is < 1 or > 10_000) throw CliFailure.Usage("--max: between 1 and 10000");
            var management = new Uri((Environment.GetEnvironmentVariable("RabbitMq__ManagementUrl") ?? "http://127.0.0.1:15679").TrimEnd('/') + "/");
            using var errors = new ErrorQueues(management, Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "guest",
                Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "guest", parse.GetValue(vhost)!);
            try
            {
                await body(errors, parse.GetValue(queue)!, parse.GetValue(max), client.Json);
                return ExitCodes.Ok;
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"RabbitMQ's management API at {management} is unreachable: {e.Message}");
            }
            catch (HttpRequestException e)
            {
                throw new CliFailure(ExitCodes.Refused, $"RabbitMQ's management API refused ({(int)e.StatusCode!}): {e.Message}");
            }
            catch (InvalidOperationException e)
            {
                throw new CliFailure(ExitCodes.Refused, e.Message);
            }
        });
        return verb;
    }
}
