using System.CommandLine;
using System.Text.Json;
using Alliance.Transparency;

namespace Alliance.Cli.Commands;

/// <summary>
/// `alliance log …`: checks what the transparency log hands out, offline, with the same code the log builds it with.
/// Each file is answered "FILE: ok" or "FILE: invalid (why)"; the exit code is 0 only when every file verified.
/// </summary>
public sealed class LogCommands : ICommandGroup
{
    public Command Build()
    {
        var log = new Command("log", "check the alliance's transparency log: receipts, proofs, the whole history");
        log.Subcommands.Add(VerifyReceipt());
        log.Subcommands.Add(Verify("verify-inclusion", "check inclusion proofs (JSON: leafIdx, treeSize, root, leafHash, proof)",
            json => JsonSerializer.Deserialize<InclusionProofDocument>(json, ProofJson.Options)!.Verify()));
        log.Subcommands.Add(Verify("verify-consistency", "check consistency proofs (JSON: size1, size2, root1, root2, proof)",
            json => JsonSerializer.Deserialize<ConsistencyProofDocument>(json, ProofJson.Options)!.Verify()));
        log.Subcommands.Add(new LogAudit().Build());
        log.Subcommands.Add(new LogWitness().Build());
        return log;
    }

    private static Argument<string[]> Files() => new("FILE") { Arity = ArgumentArity.OneOrMore, Description = "JSON files, one proof each" };

    private static Command Verify(string name, string description, Func<string, string?> check)
    {
        var files = Files();
        var command = new Command(name, description) { Arguments = { files } };
        command.SetAction(parse => Each(parse.GetValue(files)!, check));
        return command;
    }

    private static Command VerifyReceipt()
    {
        var files = Files();
        var key = new Option<string>("--key")
        {
            Description = "the log's verifier key (name+id+key, from GET /api/log/key or the README), or a file holding it; default $ALLIANCE_LOG_KEY",
        };
        var command = new Command("verify-receipt", "check receipts (GET /api/log/receipts/{eventId}) against the log's public key, offline") { Arguments = { files }, Options = { key } };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("ALLIANCE_LOG_KEY");
            if (string.IsNullOrWhiteSpace(text))
            {
                Console.Error.WriteLine("verify-receipt: give the log's key with --key or ALLIANCE_LOG_KEY");
                return 2;
            }
            NoteVerifier verifier;
            try { verifier = NoteVerifier.Parse(File.Exists(text) ? File.ReadAllText(text) : text); }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"verify-receipt: the key is not a note verifier key: {e.Message}");
                return 2;
            }
            return Each(parse.GetValue(files)!, json => JsonSerializer.Deserialize<Receipt>(json, ProofJson.Options)!.Verify(verifier));
        });
        return command;
    }

    /// <summary>Runs the check on every file, whatever the earlier ones gave; a file that cannot be read is invalid, not a crash.</summary>
    private static int Each(string[] files, Func<string, string?> check)
    {
        var failed = 0;
        foreach (var file in files)
        {
            string? why;
            try { why = check(File.ReadAllText(file)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NullReferenceException or ArgumentException or FormatException)
            {
                why = e is JsonException ? $"not a proof document: {e.Message}" : e.Message;
            }
            Console.WriteLine(why is null ? $"{file}: ok" : $"{file}: invalid ({why})");
            if (why is not null) failed++;
        }
        return failed == 0 ? 0 : 1;
    }
}
