using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance login --url URL --client-id ID [--profile NAME]`: signs in with client credentials (the secret from
/// ALLIANCE_CLIENT_SECRET, else a prompt that does not echo, else one line of stdin) and keeps the profile.
/// </summary>
public sealed class LoginCommand : ICommandGroup
{
    public Command Build()
    {
        var clientId = new Option<string>("--client-id") { Description = "the credential's client id (from the secretariat or your member admin)", Required = true };
        var noSecret = new Option<bool>("--no-save-secret") { Description = "keep only the token: renewing it then needs ALLIANCE_CLIENT_SECRET" };
        var command = new Command("login", "sign in and keep the profile (token cached, mode 600, renewed when it expires)") { clientId, noSecret };
        CliAction.Set(command, async (parse, client, ct) =>
        {
            var id = parse.GetValue(clientId)!;
            var secret = Environment.GetEnvironmentVariable("ALLIANCE_CLIENT_SECRET") is { Length: > 0 } env ? env : ReadSecret(id);
            var name = parse.GetValue(GlobalOptions.Profile) ?? (Environment.GetEnvironmentVariable("ALLIANCE_PROFILE") is { Length: > 0 } p ? p : "default");
            var token = await client.RequestToken(id, secret, ct);
            var file = ProfileStore.Load();
            file.Profiles[name] = new Profile
            {
                Url = client.Url,
                ClientId = id,
                ClientSecret = parse.GetValue(noSecret) ? null : secret,
                AccessToken = token.AccessToken,
                ExpiresAt = token.ExpiresAt,
                Role = token.Role,
                MemberId = token.MemberId,
            };
            file.Default ??= name;
            if (parse.GetValue(GlobalOptions.Profile) is null) file.Default = name;
            ProfileStore.Save(file);
            if (client.Json)
                Output.Json(new JsonObject { ["profile"] = name, ["url"] = client.Url, ["clientId"] = id, ["role"] = token.Role, ["memberId"] = token.MemberId, ["expiresAt"] = token.ExpiresAt });
            else
                Output.Line($"Signed in to {client.Url} as {id} ({token.Role}{(token.MemberId is null ? "" : ", member " + token.MemberId)}); profile '{name}' saved in {ProfileStore.FilePath}");
            return ExitCodes.Ok;
        }, newProfile: true);
        return command;
    }

    private static string ReadSecret(string clientId)
    {
        if (!Console.IsInputRedirected)
            return AnsiConsole.Prompt(new TextPrompt<string>($"Client secret for {Markup.Escape(clientId)}:").Secret());
        var line = Console.In.ReadLine();
        return line is { Length: > 0 } ? line.Trim() : throw CliFailure.Usage("no client secret: set ALLIANCE_CLIENT_SECRET or type it at the prompt");
    }
}
