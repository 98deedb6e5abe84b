using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class BallotRequestRefusedEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<BallotRequestRefused>("ballot_request_refused", e => e.RefusedAt);
}

/// <summary>
/// Governance could not open the ballot another service asked for: a domain rule refused it (no such committee, no
/// voting seat in good standing, unknown profile, closing time out of bounds, …). Recorded on a stream of its own,
/// whose id is derived from the request id, and published as BallotRequestRefused, so the request is answered and the
/// requester can return its subject to where it was. A request is answered once: opened or refused, never both.
/// </summary>
public sealed record BallotRequestRefused(
    Guid RequestId, string RequestingService, string SubjectKind, string SubjectReference, string Rule, string Reason, DateTimeOffset RefusedAt)
{
    /// <summary>The refusal's stream: derived from the request id (which is the id a ballot would have had), so a redelivery finds it.</summary>
    public static Guid StreamIdOf(Guid requestId)
    {
        var bytes = requestId.ToByteArray();
        bytes[1] ^= 0xA5;
        return new Guid(bytes);
    }

    /// <summary>
    /// A refusal from the exception a decision threw. A field that failed validation is a rule here, not a 400: the
    /// requester cannot correct a message it already sent, so the field names the rule and its messages the reason.
    /// </summary>
    public static (string Rule, string Reason)? Of(Exception e) => e switch
    {
        DomainRuleViolated d => (d.Rule, d.Message + (d.Unmet is { Count: > 0 } unmet ? " " + string.Join(" ", unmet) : "")),
        ValidationFailed v => (RuleOf(v.Errors.Keys.First()), string.Join(" ", v.Errors.SelectMany(x => x.Value))),
        NotFound n => ("not-found", n.Message),
        _ => null,
    };

    private static string RuleOf(string field) => field switch
    {
        "committeeId" => "no-committee",
        "profile" => "unknown-rule-profile",
        "closesAt" => "closing-time-out-of-bounds",
        "subjectKind" => "unknown-subject-kind",
        _ => "invalid-request",
    };
}
