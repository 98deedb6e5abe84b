namespace Alliance.Cli;

/// <summary>The documented exit codes (README, "The alliance CLI"): scripts and CI branch on them.</summary>
public static class ExitCodes
{
    /// <summary>Done; for `certifications watch`, the certifications are valid.</summary>
    public const int Ok = 0;

    /// <summary>The platform refused (4xx: invalid input, no right, not found, a rule), or a watched certification ended.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong, or something it needs locally is missing (a login, a file).</summary>
    public const int Usage = 2;

    /// <summary>The platform could not be reached (connection refused, timeout, 502/503/504).</summary>
    public const int Unreachable = 3;
}

/// <summary>A failure that ends the command with one line on stderr and an exit code.</summary>
public sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliFailure Usage(string message) => new(ExitCodes.Usage, message);
}
