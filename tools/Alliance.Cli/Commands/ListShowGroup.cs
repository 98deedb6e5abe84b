using System.CommandLine;
using System.Text.Json.Nodes;

namespace Alliance.Cli.Commands;

/// <summary>
/// A resource with `list [filters]` (a page of /api/{path}, as a table) and `show ID` (/api/{path}/{id}). Public
/// reads need no login; signed in, the reader sees what its role may (a member its own contact e-mail, for example).
/// </summary>
public abstract class ListShowGroup : ICommandGroup
{
    protected abstract string Name { get; }
    protected abstract string Path { get; }
    protected abstract string Description { get; }
    protected abstract string[] Columns { get; }

    /// <summary>Query filters of the list: option name (kebab-case) → the API's query parameter.</summary>
    protected abstract (string Option, string Parameter, string Help)[] Filters { get; }

    /// <summary>Further subcommands (ballots tally).</summary>
    protected virtual IEnumerable<Command> More() => [];

    public Command Build()
    {
        var filters = Filters.Select(f => (Option: new Option<string?>("--" + f.Option) { Description = f.Help }, f.Parameter)).ToList();
        var page = new Option<int?>("--page") { Description = "the page, from 1" };
        var pageSize = new Option<int?>("--page-size") { Description = "items per page, at most 200 (default 50)" };
        var list = new Command("list", $"list {Name} (a page)") { page, pageSize };
        foreach (var (option, _) in filters) list.Options.Add(option);
        CliAction.Set(list, async (parse, client, ct) =>
        {
            (string, object?)[] query = [.. filters.Select(f => (f.Parameter, (object?)parse.GetValue(f.Option))), ("page", parse.GetValue(page)), ("pageSize", parse.GetValue(pageSize))];
            var answer = await client.Get(Path + CliAction.Query(query), ct);
            if (client.Json) { Output.Json(answer); return ExitCodes.Ok; }
            Output.Table(answer["items"]!.AsArray(), Columns);
            Output.PageFooter(answer);
            return ExitCodes.Ok;
        });

        var id = new Argument<Guid>("ID") { Description = "the id" };
        var show = new Command("show", $"one of the {Name}, in full") { id };
        CliAction.Set(show, async (parse, client, ct) =>
        {
            var answer = await client.Get($"{Path}/{parse.GetValue(id)}", ct);
            if (client.Json) Output.Json(answer);
            else Output.Properties(answer.AsObject());
            return ExitCodes.Ok;
        });

        var command = new Command(Name, Description) { list, show };
        foreach (var more in More()) command.Subcommands.Add(more);
        return command;
    }
}

public sealed class MembersCommand : ListShowGroup
{
    protected override string Name => "members";
    protected override string Path => "members";
    protected override string Description => "the alliance's members (public directory)";
    protected override string[] Columns => ["memberId", "name", "nameZh", "kind", "country", "status", "tier"];
    protected override (string, string, string)[] Filters =>
    [
        ("q", "q", "words of a current or former name"), ("status", "status", "applied, admitted, suspended, withdrawn, expelled"),
        ("kind", "kind", "company, university, institute, other"), ("tier", "tier", "strategic, general, academic, observer"),
        ("country", "country", "ISO 3166-1 alpha-2 code"),
    ];
}

public sealed class ProjectsCommand : ListShowGroup
{
    protected override string Name => "projects";
    protected override string Path => "projects";
    protected override string Description => "joint R&D projects";
    protected override string[] Columns => ["projectId", "title", "status", "leadMemberId", "plannedStart", "plannedEnd"];
    protected override (string, string, string)[] Filters =>
    [
        ("status", "status", "proposed, approved, rejected, completed, cancelled, …"), ("member", "member", "a member id, in any role"),
        ("area", "area", "a research area"), ("q", "q", "words of the title or summary"),
    ];
}

public sealed class DecisionsCommand : ListShowGroup
{
    protected override string Name => "decisions";
    protected override string Path => "decisions";
    protected override string Description => "the decision log (public)";
    protected override string[] Columns => ["decisionId", "title", "outcome", "approved", "decidedAt"];
    protected override (string, string, string)[] Filters =>
    [
        ("subject-kind", "subjectKind", "project-approval, standard-version-ratification, member-expulsion, …"),
        ("subject-reference", "subjectReference", "the subject's reference, e.g. ACI/2.0"),
    ];
}
