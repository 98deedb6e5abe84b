using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class LicenceExceptionEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<LicenceExceptionRequested>("licence_exception_requested", e => e.RequestedAt)
        .Add<LicenceExceptionDecided>("licence_exception_decided", e => e.DecidedAt);
}

// An exception record in the manner of CNCF's: a package, its version and licence, the project that asked, the
// scope it holds for; a licence-exception ballot decides whether it is approved or denied.

public sealed record LicenceExceptionRequested(
    Guid ExceptionId, Guid BallotId, string Package, string Version, string Licence, Guid RequestingProjectId, string Reason, string Scope,
    DateTimeOffset RequestedAt);

public sealed record LicenceExceptionDecided(Guid ExceptionId, Guid DecisionId, string Status, string Explanation, DateTimeOffset DecidedAt);

public sealed record LicenceException(
    Guid Id, Guid BallotId, string Package, string Version, string Licence, Guid RequestingProjectId, string Scope, string Status)
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Denied = "denied";

    /// <summary>project: releases of the requesting project only; alliance: every hosted project (a blanket exception).</summary>
    public static readonly string[] Scopes = ["project", "alliance"];

    /// <summary>Version "*" covers every version of the package.</summary>
    public const string AnyVersion = "*";

    public static LicenceException Create(LicenceExceptionRequested e) =>
        new(e.ExceptionId, e.BallotId, e.Package, e.Version, e.Licence, e.RequestingProjectId, e.Scope, Pending);

    public LicenceException Apply(LicenceExceptionDecided e) => this with { Status = e.Status };

    /// <summary>Exactly the dependency it names: package (case-insensitive), version (or "*"), the same licence expression, in scope.</summary>
    public bool Covers(Guid projectId, string package, string version, string canonicalLicence) =>
        Status == Approved
        && Package.Equals(package, StringComparison.OrdinalIgnoreCase)
        && (Version == AnyVersion || Version == version)
        && Licence == canonicalLicence
        && (Scope == "alliance" || RequestingProjectId == projectId);
}

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
}
