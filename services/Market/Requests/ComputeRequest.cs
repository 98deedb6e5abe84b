using Alliance.Hosting;
using Alliance.Market.Matching;

namespace Alliance.Market.Requests;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class ComputeRequestEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<RequestOpened>("request_opened", e => e.OpenedAt)
        .Add<RequestMatched>("request_matched", e => e.MatchedAt)
        .Add<RequestClosed>("request_closed", e => e.ClosedAt)
        .Add<RequestWithdrawn>("request_withdrawn", e => e.WithdrawnAt)
        .Add<RequestExpired>("request_expired", e => e.ExpiredAt);
}

// The Request stream (Akash's order): what a member wants, the traits it requires (and the minimum scores on EVAL
// traits), the most it pays, when and where.
// open → matched (a lease was created) → closed (the lease ended); open → withdrawn | expired (the window passed).

/// <summary>MinimumScores: thresholds on EVAL traits (absent from requests opened before they existed); each trait is in RequiredTraits too.</summary>
public sealed record RequestOpened(Guid RequestId, Guid MemberId, string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions, string OpenedBy, DateTimeOffset OpenedAt, MinimumScore[]? MinimumScores = null);

public sealed record RequestMatched(Guid RequestId, Guid LeaseId, Guid OfferId, Guid SiteId, DateTimeOffset MatchedAt);

public sealed record RequestClosed(Guid RequestId, Guid LeaseId, string Reason, DateTimeOffset ClosedAt);

public sealed record RequestWithdrawn(Guid RequestId, string WithdrawnBy, DateTimeOffset WithdrawnAt);

public sealed record RequestExpired(Guid RequestId, DateTimeOffset ExpiredAt);

public sealed record ComputeRequest(Guid Id, Guid MemberId, string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions, string Status, Guid? LeaseId, MinimumScore[] MinimumScores)
{
    public static ComputeRequest Create(RequestOpened e) =>
        new(e.RequestId, e.MemberId, e.ResourceClass, e.Units, e.RequiredTraits, e.MaxPricePerUnitHour, e.Currency, e.StartsAt, e.EndsAt, e.Regions, "open", null,
            e.MinimumScores ?? []);

    public ComputeRequest Apply(RequestMatched e) => this with { Status = "matched", LeaseId = e.LeaseId };
    public ComputeRequest Apply(RequestClosed e) => this with { Status = "closed" };
    public ComputeRequest Apply(RequestWithdrawn e) => this with { Status = "withdrawn" };
    public ComputeRequest Apply(RequestExpired e) => this with { Status = "expired" };
}
