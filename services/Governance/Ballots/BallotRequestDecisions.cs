using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>The pure decisions on a ballot another service asked for (BallotRequested): where its refusal is recorded, and what refusal a failure is.</summary>
public static class BallotRequestDecisions
{
    /// <summary>The refusal's stream: derived from the request id (which is the id a ballot would have had), so a redelivery finds it.</summary>
    public static Guid RefusalStreamOf(Guid requestId)
    {
        var bytes = requestId.ToByteArray();
        bytes[1] ^= 0xA5;
        return new Guid(bytes);
    }

    /// <summary>The refusal of a request whose opening threw a domain rule, a validation or a not-found; null for a fault (retried, not answered).</summary>
    public static BallotRequestRefused? Refuse(Guid requestId, string? requestingService, string? subjectKind, string? subjectReference, Exception e,
        DateTimeOffset now) =>
        Refusal(e) is { } refusal
            ? new BallotRequestRefused(requestId, requestingService ?? "", subjectKind ?? "", subjectReference ?? "", refusal.Rule, refusal.Reason, now)
            : null;

    /// <summary>
    /// A refusal from the exception a decision threw. A field that failed validation is a rule here, not a 400: the
    /// requester cannot correct a message it already sent, so the field names the rule and its messages the reason.
    /// </summary>
    private static (string Rule, string Reason)? Refusal(Exception e) => e switch
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
