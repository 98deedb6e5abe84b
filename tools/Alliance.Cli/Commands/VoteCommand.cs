using System.CommandLine;

namespace Alliance.Cli.Commands;

/// <summary>`alliance vote BALLOT POSITION [--reason TEXT]`: casts (or changes) the signed-in member's vote.</summary>
public sealed class VoteCommand : ICommandGroup
{
    public Command Build()
    {
        var ballot = new Argument<Guid>("BALLOT") { Description = "the ballot's id" };
        var position = new Argument<string>("POSITION") { Description = "one of the ballot's positions (yes, no, abstain, …: `alliance ballots show`)" };
        var reason = new Option<string?>("--reason") { Description = "why; some profiles count a position only with a reason" };
        var command = new Command("vote", "cast or change your member's vote") { ballot, position, reason };
        CliAction.Set(command, async (parse, client, ct) =>
        {
            client.RequireSignIn();
            var answer = await client.Post($"ballots/{parse.GetValue(ballot)}/votes", new { position = parse.GetValue(position), reason = parse.GetValue(reason) }, ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Line($"voted {answer["position"]} on ballot {answer["ballotId"]}{((bool?)answer["counted"] == false ? " (recorded, not counted)" : "")}" +
                ((bool?)answer["closed"] == true ? "; the ballot closed" : ""));
            if ((string?)answer["note"] is { } note) Output.Line(note);
            return ExitCodes.Ok;
        });
        return command;
    }
}
