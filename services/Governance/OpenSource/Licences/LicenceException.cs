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
