using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

public static class LicenceExceptionDecisions
{
    public sealed record Request(string? Package, string? Version, string? Licence, Guid? RequestingProjectId, string? Reason, string? Scope,
        string? Profile, DateTimeOffset? ClosesAt, string? OverrideReason = null);

    /// <summary>Validates the request; the licence is stored in canonical form so that releases match it exactly.</summary>
    public static LicenceExceptionRequested Decide(Guid exceptionId, Guid ballotId, Request r, SpdxParser parser, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("package", r.Package, 300);
        v.Required("version", r.Version, 100);
        v.Required("reason", r.Reason, 4000);
        v.OneOf("scope", r.Scope ?? "project", LicenceException.Scopes);
        if (r.RequestingProjectId is null) v.Add("requestingProjectId", "'requestingProjectId' is required.");
        var parsed = parser.Parse(r.Licence);
        if (string.IsNullOrWhiteSpace(r.Licence)) v.Add("licence", "'licence' is required (an SPDX expression).");
        else if (!parsed.Valid) v.Add("licence", string.Join(" ", parsed.Errors.Select(e => e.Message)));
        v.ThrowIfInvalid();
        return new LicenceExceptionRequested(exceptionId, ballotId, r.Package!.Trim(), r.Version!.Trim(), parsed.Expression!.ToString(),
            r.RequestingProjectId!.Value, r.Reason!.Trim(), r.Scope ?? "project", now);
    }

    /// <summary>The licence-exception ballot's decision; null when the exception is no longer pending on that ballot (a duplicate or stale message).</summary>
    public static LicenceExceptionDecided? Decided(LicenceException x, Guid ballotId, Guid decisionId, bool approved, string explanation, DateTimeOffset now) =>
        x is { Status: LicenceException.Pending } && x.BallotId == ballotId
            ? new LicenceExceptionDecided(x.Id, decisionId, approved ? LicenceException.Approved : LicenceException.Denied, explanation, now)
            : null;
}
