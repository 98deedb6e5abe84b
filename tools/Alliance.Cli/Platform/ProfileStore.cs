using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alliance.Cli;

/// <summary>A named connection: the gateway, the client it signs in as, and the last token it was given.</summary>
public sealed class Profile
{
    public string Url { get; set; } = "";
    public string? ClientId { get; set; }

    /// <summary>
    /// Kept so that an expired token is renewed without a prompt (client credentials have no refresh token); only in this
    /// file, mode 600, as `gh` and the AWS CLI keep theirs. `login --no-save-secret` leaves it out: renewal then needs
    /// ALLIANCE_CLIENT_SECRET.
    /// </summary>
    public string? ClientSecret { get; set; }

    public string? AccessToken { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Role { get; set; }
    public string? MemberId { get; set; }
}

public sealed class ProfileFile
{
    public string? Default { get; set; }
    public SortedDictionary<string, Profile> Profiles { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// profiles.json in the user's config folder ($ALLIANCE_CONFIG_DIR, else $XDG_CONFIG_HOME/alliance or ~/.config/alliance):
/// the folder mode 700 and the file mode 600, rewritten whole through a temporary file so a crash never leaves half of it.
/// </summary>
public static class ProfileStore
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Folder =>
        Environment.GetEnvironmentVariable("ALLIANCE_CONFIG_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "alliance");

    public static string FilePath => Path.Combine(Folder, "profiles.json");

    public static ProfileFile Load()
    {
        if (!File.Exists(FilePath)) return new ProfileFile();
        try
        {
            return JsonSerializer.Deserialize<ProfileFile>(File.ReadAllText(FilePath), Options) ?? new ProfileFile();
        }
        catch (JsonException e)
        {
            throw CliFailure.Usage($"{FilePath} is not a valid profile file ({e.Message}); remove it and log in again");
        }
    }

    public static void Save(ProfileFile file)
    {
        var folder = Directory.CreateDirectory(Folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options)) JsonSerializer.Serialize(stream, file, Options);
        // UnixCreateMode applies only to a new file: a stale temporary file keeps its mode, so set it again.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, FilePath, overwrite: true);
    }
}
