using System.CommandLine;
using System.Text.Json.Nodes;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance lookup PRODUCT [--standard S] [--version V] [--as-of DATE]`: a product id with a standard is the matrix's
/// check (compatible or not, since when, until when); a name searches the matrix (English or Chinese names).
/// Public: no login needed.
/// </summary>
public sealed class LookupCommand : ICommandGroup
{
    public Command Build()
    {
        var product = new Argument<string>("PRODUCT") { Description = "a product id, or words of a product's or vendor's name" };
        var standard = new Option<string?>("--standard") { Description = "a standard's code, e.g. K8S" };
        var version = new Option<string?>("--version") { Description = "a version of the standard" };
        var asOf = new Option<DateTimeOffset?>("--as-of") { Description = "the answer as of this date or instant (default: now)" };
        var command = new Command("lookup", "is a product certified, against which standard version, since when (public)") { product, standard, version, asOf };
        CliAction.Set(command, async (parse, client, ct) =>
        {
            var (what, code, ver, when) = (parse.GetValue(product)!, parse.GetValue(standard), parse.GetValue(version), parse.GetValue(asOf));
            if (Guid.TryParse(what, out var id) && code is not null)
            {
                var check = await client.Get("matrix/check" + CliAction.Query(("product", id), ("standard", code), ("version", ver), ("asOf", when)), ct);
                if (client.Json) Output.Json(check);
                else Output.Properties(check.AsObject());
                return ExitCodes.Ok;
            }
            var page = await client.Get("matrix" + CliAction.Query(("q", Guid.TryParse(what, out _) ? null : what), ("standard", code), ("version", ver),
                ("asOf", when), ("pageSize", 200)), ct);
            var items = page["items"]!.AsArray();
            if (Guid.TryParse(what, out var productId))
                items = new JsonArray(items.Where(i => (string?)i?["productId"] == productId.ToString()).Select(i => i!.DeepClone()).ToArray());
            if (client.Json) { Output.Json(new JsonObject { ["asOf"] = page["asOf"]?.DeepClone(), ["items"] = items }); return ExitCodes.Ok; }
            Output.Line($"as of {page["asOf"]}");
            Output.Table(items, "productName", "vendorName", "productVersion", "standard", "version", "status", "validFrom", "validUntil", "certificationId");
            if (items.Count == 0) Output.Line("no certification found");
            return ExitCodes.Ok;
        });
        return command;
    }
}
