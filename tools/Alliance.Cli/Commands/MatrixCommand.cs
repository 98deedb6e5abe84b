using System.CommandLine;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance matrix [filters] [--format table|json|csv]`: the public compatibility matrix. table shows one page;
/// json and csv stream the whole filtered view as of its instant (/matrix.json, /matrix.csv), reproducible with --as-of.
/// </summary>
public sealed class MatrixCommand : ICommandGroup
{
    public Command Build()
    {
        var standard = new Option<string?>("--standard") { Description = "a standard's code" };
        var version = new Option<string?>("--version") { Description = "a version of the standard" };
        var vendor = new Option<Guid?>("--vendor") { Description = "a vendor's member id" };
        var type = new Option<string?>("--type") { Description = "a product type (chip, server, distribution, …)" };
        var status = new Option<string?>("--status") { Description = "certified, suspended, expired, revoked, lapsed, withdrawn" };
        var q = new Option<string?>("--q") { Description = "words of a product's or vendor's name (English or Chinese)" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "the matrix as of this date or instant (default: now)" };
        var page = new Option<int?>("--page") { Description = "the page (table only)" };
        var pageSize = new Option<int?>("--page-size") { Description = "rows per page, at most 200 (table only)" };
        var format = new Option<string>("--format") { Description = "table (one page), json or csv (the whole view)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("matrix", "the compatibility matrix (public)") { standard, version, vendor, type, status, q, asOf, page, pageSize, format };
        CliAction.Set(command, async (parse, client, ct) =>
        {
            (string, object?)[] filters = [("standard", parse.GetValue(standard)), ("version", parse.GetValue(version)), ("vendor", parse.GetValue(vendor)),
                ("type", parse.GetValue(type)), ("status", parse.GetValue(status)), ("q", parse.GetValue(q)), ("asOf", parse.GetValue(asOf))];
            var chosen = parse.GetValue(format);
            if (chosen is "json" or "csv")
            {
                await using var stdout = Console.OpenStandardOutput();
                await client.CopyTo($"matrix.{chosen}" + CliAction.Query(filters), stdout, ct);
                return ExitCodes.Ok;
            }
            var answer = await client.Get("matrix" + CliAction.Query([.. filters, ("page", parse.GetValue(page)), ("pageSize", parse.GetValue(pageSize))]), ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Line($"as of {answer["asOf"]}");
            Output.Table(answer["items"]!.AsArray(), "productName", "vendorName", "productVersion", "standard", "version", "status", "validFrom", "validUntil");
            Output.PageFooter(answer);
            return ExitCodes.Ok;
        });
        return command;
    }
}
