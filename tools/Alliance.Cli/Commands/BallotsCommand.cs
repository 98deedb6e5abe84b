using System.CommandLine;
using System.Text.Json.Nodes;

namespace Alliance.Cli.Commands;

/// <summary>`alliance ballots list|show|tally`: tally prints the count and the explanation of the outcome.</summary>
public sealed class BallotsCommand : ListShowGroup
{
    protected override string Name => "ballots";
    protected override string Path => "ballots";
    protected override string Description => "ballots of the committees";
    protected override string[] Columns => ["ballotId", "title", "subjectKind", "profile", "status", "outcome", "closesAt"];
    protected override (string, string, string)[] Filters =>
    [
        ("committee", "committee", "a committee id"), ("status", "status", "open, closed"),
        ("subject-kind", "subjectKind", "project-approval, standard-version-ratification, …"),
    ];

    private static readonly string[] Counts = ["eligible", "present", "yes", "no", "abstain", "noObjection", "block", "recused", "noPosition", "invalid",
        "nonBindingYes", "nonBindingNo", "nonBindingAbstain"];

    protected override IEnumerable<Command> More()
    {
        var id = new Argument<Guid>("BALLOT") { Description = "the ballot's id" };
        var tally = new Command("tally", "the ballot's tally and the explanation of its outcome") { id };
        CliAction.Set(tally, async (parse, client, ct) =>
        {
            var ballot = await client.Get($"ballots/{parse.GetValue(id)}", ct);
            var answer = new JsonObject
            {
                ["ballotId"] = ballot["ballotId"]?.DeepClone(),
                ["title"] = ballot["title"]?.DeepClone(),
                ["profile"] = ballot["profile"]?.DeepClone(),
                ["status"] = ballot["status"]?.DeepClone(),
                ["tally"] = ballot["tally"]?.DeepClone(),
                ["outcome"] = ballot["outcome"]?.DeepClone(),
                ["explanation"] = ballot["explanation"]?.DeepClone(),
            };
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Line($"{ballot["title"]} ({ballot["profile"]}, {ballot["status"]})");
            if (ballot["tally"] is JsonObject counts)
                Output.Table(new JsonArray(Counts.Where(c => counts[c] is not null).Select(c => (JsonNode)new JsonObject { ["count"] = c, ["n"] = counts[c]!.DeepClone() }).ToArray()), "count", "n");
            else Output.Line("the tally of a secret ballot is shown once it closes");
            Output.Line($"outcome: {(string?)ballot["outcome"] ?? "(open)"}");
            if ((string?)ballot["explanation"] is { } explanation) Output.Line(explanation);
            return ExitCodes.Ok;
        });
        yield return tally;
    }
}
