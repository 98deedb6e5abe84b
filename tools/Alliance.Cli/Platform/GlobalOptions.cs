using System.CommandLine;

namespace Alliance.Cli;

/// <summary>The options every command takes (recursive on the root): where, as whom, and in which form.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Url = new("--url")
    {
        Description = "the platform's gateway, e.g. http://127.0.0.1:8080 (default: the profile's, then ALLIANCE_URL, then http://127.0.0.1:8080)",
        Recursive = true,
    };

    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "the profile to act as (default: ALLIANCE_PROFILE, then the profile `alliance login` made the default)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "print the answer as JSON (the API's field names) instead of tables",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Url);
        root.Options.Add(Profile);
        root.Options.Add(Json);
    }
}
