using System.CommandLine;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance licence check EXPRESSION`: the SPDX expression evaluated against the licence policy, with its explanation
/// (public). Exit 1 when the expression is not valid SPDX.
/// </summary>
public sealed class LicenceCommand : ICommandGroup
{
    public Command Build()
    {
        var expression = new Argument<string>("EXPRESSION") { Description = "an SPDX licence expression, e.g. \"Apache-2.0 OR GPL-2.0-only\"" };
        var check = new Command("check", "evaluate an SPDX expression against the licence policy") { expression };
        CliAction.Set(check, async (parse, client, ct) =>
        {
            var answer = await client.Post("licence-checks", new { expression = parse.GetValue(expression) }, ct);
            var valid = (bool?)answer["valid"] == true;
            if (client.Json) Output.Json(answer);
            else
            {
                if (valid)
                {
                    Output.Line($"{answer["normalized"]}: {answer["category"]} ({answer["apacheCategory"]}), decided by {answer["decidingTerm"]}");
                    Output.Line((string?)answer["explanation"] ?? "");
                    if (answer["terms"]?.AsArray() is { Count: > 0 } terms) Output.Table(terms, "term", "category", "reason");
                }
                else Output.Line($"not a valid SPDX expression: {answer["explanation"]}");
                Output.Line($"policy version {answer["policyVersion"]}, SPDX list {answer["spdxList"]}");
            }
            return valid ? ExitCodes.Ok : ExitCodes.Refused;
        });
        var command = new Command("licence", "the SPDX licence policy (public)");
        command.Subcommands.Add(check);
        return command;
    }
}
