using System.Net.Sockets;
using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// The one place where exceptions become problem+json (RFC 9457), with the status codes of the API
/// conventions: 400 invalid input, 404 unknown, 409 rule or lost race, 412 stale If-Match, 503 dependency down.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = Map(exception, http.Request.Headers.IfMatch.Count > 0);
        if (problem.Status >= 500) log.LogError(exception, "Request failed: {Title}", problem.Title);
        else log.LogInformation("Request refused ({Status}): {Detail}", problem.Status, problem.Detail);
        http.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails Map(Exception exception, bool conditional) => exception switch
    {
        ValidationFailed v => new HttpValidationProblemDetails(v.Errors)
        { Status = 400, Title = "Invalid input", Detail = v.Message },
        // The detail names the place in the body, never the server's type names.
        BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [FieldOf(json.Path)] = [$"The JSON value at '{json.Path ?? "$"}' could not be read."] })
        { Status = 400, Title = "Malformed JSON", Detail = $"The body is not valid JSON for this request (at {json.Path ?? "$"}, line {json.LineNumber + 1}, byte {json.BytePositionInLine})." },
        // A query or route value of the wrong type (page=abc, page=99999999999): name the parameter.
        BadHttpRequestException bad when BoundParameter(bad.Message) is { } field => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [field] = [$"'{field}' has a value of the wrong type or range."] })
        { Status = 400, Title = "Invalid input", Detail = $"One or more fields are invalid: {field}" },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Bad request",
            Detail = bad.StatusCode switch
            {
                413 => "The request body is too large.",
                415 => "Send the body as application/json.",
                _ => "The request could not be read: send a JSON body with the fields this endpoint documents.",
            }
        },
        DomainRuleViolated rule => RuleProblem(rule),
        Forbidden forbidden => new ProblemDetails { Status = 403, Title = "Forbidden", Detail = forbidden.Message },
        NotFound missing => new ProblemDetails { Status = 404, Title = "Not found", Detail = missing.Message },
        ConcurrencyException or EventStreamUnexpectedMaxEventIdException or ExistingStreamIdCollisionException
            or Marten.Exceptions.ExistingStreamIdCollisionException => conditional
            ? new ProblemDetails { Status = 412, Title = "Precondition failed", Detail = "The resource changed since the version named in If-Match." }
            : new ProblemDetails
            { Status = 409, Title = "Concurrent change", Detail = "Another command changed this resource at the same time and won; reload and retry.", Extensions = { ["rule"] = "concurrent-change" } },
        // Text PostgreSQL cannot store (a backstop: NulCharacters refuses it at the door).
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } => new ProblemDetails
        { Status = 400, Title = "Invalid input", Detail = "The request contains characters that cannot be stored (U+0000)." },
        _ when IsDependencyDown(exception) => new ProblemDetails
        { Status = 503, Title = "Service unavailable", Detail = "A dependency (database or broker) is not reachable; retry shortly." },
        _ => new ProblemDetails { Status = 500, Title = "Unexpected error", Detail = "The failure was logged with the request's correlation id." },
    };

    private static ProblemDetails RuleProblem(DomainRuleViolated rule)
    {
        var problem = new ProblemDetails { Status = 409, Title = "Refused by a rule", Detail = rule.Message, Extensions = { ["rule"] = rule.Rule } };
        if (rule.Unmet is { } unmet) problem.Extensions["unmet"] = unmet;
        return problem;
    }

    // ASP.NET's binding failure: 'Failed to bind parameter "int? page" from "abc".' → "page".
    private static string? BoundParameter(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, @"^Failed to bind parameter ""[^""]*?(\w+)"" from") is { Success: true } m ? m.Groups[1].Value : null;

    // "$.contactEmail" → "contactEmail"; "$" (the whole body) → "body".
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static bool IsDependencyDown(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
            if (x is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
                || x is NpgsqlException && x.InnerException is null && x.Message.Contains("connect", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }
}
