using System.CommandLine;
using System.Text.Json.Nodes;

namespace Alliance.Cli.Commands;

/// <summary>`alliance profiles`: the saved profiles, the default marked; never a secret or a token.</summary>
public sealed class ProfilesCommand : ICommandGroup
{
    public Command Build()
    {
        var command = new Command("profiles", "list the saved profiles (the default is marked *)");
        CliAction.Set(command, (_, client, _) =>
        {
            var file = ProfileStore.Load();
            var rows = new JsonArray(file.Profiles.Select(p => (JsonNode)new JsonObject
            {
                ["profile"] = p.Key,
                ["default"] = p.Key == file.Default,
                ["url"] = p.Value.Url,
                ["clientId"] = p.Value.ClientId,
                ["role"] = p.Value.Role,
                ["memberId"] = p.Value.MemberId,
                ["tokenExpiresAt"] = p.Value.ExpiresAt,
                ["secretSaved"] = p.Value.ClientSecret is not null,
            }).ToArray());
            if (client.Json) { Output.Json(rows); return Task.FromResult(ExitCodes.Ok); }
            if (rows.Count == 0) { Output.Line($"No profiles yet ({ProfileStore.FilePath}): `alliance login --url URL --client-id ID` makes one."); return Task.FromResult(ExitCodes.Ok); }
            foreach (var row in rows) row!["profile"] = ((bool)row["default"]! ? "* " : "  ") + (string)row["profile"]!;
            Output.Table(rows, "profile", "url", "clientId", "role", "memberId", "tokenExpiresAt");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
