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
/// whose id is derived from the request id (BallotRequestDecisions.RefusalStreamOf), and published as BallotRequestRefused,
/// so the request is answered and the requester can return its subject to where it was. A request is answered once:
/// opened or refused, never both.
/// </summary>
public sealed record BallotRequestRefused(
    Guid RequestId, string RequestingService, string SubjectKind, string SubjectReference, string Rule, string Reason, DateTimeOffset RefusedAt);
