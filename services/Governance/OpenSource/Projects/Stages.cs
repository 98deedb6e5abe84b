namespace Alliance.Governance.OpenSource.Projects;

/// <summary>The lifecycle of a hosted project: its stages and the moves a stage ballot may make between them.</summary>
public static class Stages
{
    public const string Proposed = "proposed";
    public const string Sandbox = "sandbox";
    public const string Incubating = "incubating";
    public const string Graduated = "graduated";
    public const string Archived = "archived";

    public static readonly string[] All = [Proposed, Sandbox, Incubating, Graduated, Archived];

    /// <summary>CNCF's moves: a project may enter at sandbox or straight at incubation; an archived one comes back through the normal process.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Next = new Dictionary<string, string[]>
    {
        [Proposed] = [Sandbox, Incubating],
        [Sandbox] = [Incubating, Archived],
        [Incubating] = [Graduated, Archived],
        [Graduated] = [Archived],
        [Archived] = [Sandbox, Incubating],
    };
}
