using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Alliance.Cli;

/// <summary>What a command prints: the API's JSON as it is (--json), or tables for people.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static Output()
    {
        // Piped or redirected (a script, CI, a test), there is no terminal width: a table as wide as its rows, within
        // COLUMNS when given, rather than names wrapped at 80 columns.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40 ? columns : 400;
    }

    public static void Json(JsonNode? node) => Console.Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>A table of the items' named properties (nested values as compact JSON), with the list's total when it has one.</summary>
    public static void Table(JsonArray items, params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)));
        foreach (var item in items)
            table.AddRow(columns.Select(c => new Text(Cell(item?[c]))).ToArray<Spectre.Console.Rendering.IRenderable>());
        AnsiConsole.Write(table);
    }

    /// <summary>One resource as property / value lines.</summary>
    public static void Properties(JsonObject item, params string[] skip)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (key, value) in item.Where(p => !skip.Contains(p.Key)))
            grid.AddRow(new Text(key, new Style(decoration: Decoration.Bold)), new Text(Cell(value)));
        AnsiConsole.Write(grid);
    }

    public static void Line(string text) => AnsiConsole.Write(new Text(text + Environment.NewLine));

    public static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    };

    /// <summary>"page 1 of 3 (120 items)" under a paged list.</summary>
    public static void PageFooter(JsonNode page)
    {
        var (n, size, total) = ((int?)page["page"] ?? 1, (int?)page["pageSize"] ?? 50, (long?)page["total"] ?? 0);
        var pages = Math.Max(1, (total + size - 1) / size);
        Line($"page {n} of {pages} ({total} in all)");
    }
}
