using System.CommandLine;

namespace Alliance.Cli;

/// <summary>
/// Runs a command's body and turns every failure into one line on stderr ("alliance: …") and its exit code
/// (ExitCodes), so that no stack trace ever reaches the terminal or a CI log.
/// </summary>
public static class CliAction
{
    /// <param name="newProfile">login: --profile may name a profile that does not exist yet.</param>
    public static void Set(Command command, Func<ParseResult, PlatformClient, CancellationToken, Task<int>> body, bool newProfile = false) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var client = PlatformClient.From(parse, newProfile);
                return await body(parse, client, ct);
            }
            catch (CliFailure failure)
            {
                return Fail(failure.ExitCode, failure.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Fail(ExitCodes.Refused, "interrupted");
            }
            catch (IOException e)
            {
                return Fail(ExitCodes.Usage, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                return Fail(ExitCodes.Usage, e.Message);
            }
        });

    public static int Fail(int code, string message)
    {
        // One line: a message carrying line breaks (a server's detail) is folded.
        Console.Error.WriteLine("alliance: " + message.ReplaceLineEndings(" "));
        return code;
    }

    /// <summary>A query string from the options that were given (null values left out), values escaped.</summary>
    public static string Query(params (string Name, object? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null && p.Value is not "")
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value is DateTimeOffset d ? d.ToString("O") : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}")
            .ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);
}
