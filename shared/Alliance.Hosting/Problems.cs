namespace Alliance.Hosting;

/// <summary>A domain rule refused the command (409). Rule is a stable code clients can branch on; Unmet lists each failed criterion.</summary>
public sealed class DomainRuleViolated(string rule, string message, IReadOnlyList<string>? unmet = null) : Exception(message)
{
    public string Rule { get; } = rule;
    public IReadOnlyList<string>? Unmet { get; } = unmet;
}

/// <summary>Input failed validation (400); Errors maps each failing field to its messages.</summary>
public sealed class ValidationFailed(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid: " + string.Join(", ", errors.Keys))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The resource named in the path does not exist (404).</summary>
public sealed class NotFound(string what) : Exception($"{what} was not found.");

/// <summary>A valid credential without the right to do this (403).</summary>
public sealed class Forbidden(string message) : Exception(message);
