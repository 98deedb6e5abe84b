using Alliance.Hosting;

namespace Alliance.Market.Requests;

// The Request stream (Akash's order): what a member wants, the traits it requires, the most it pays, when and where.
// open → matched (a lease was created) → closed (the lease ended); open → withdrawn | expired (the window passed).

public sealed record RequestOpened(Guid RequestId, Guid MemberId, string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions, string OpenedBy, DateTimeOffset OpenedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => OpenedAt;
}

public sealed record RequestMatched(Guid RequestId, Guid LeaseId, Guid OfferId, Guid SiteId, DateTimeOffset MatchedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => MatchedAt;
}

public sealed record RequestClosed(Guid RequestId, Guid LeaseId, string Reason, DateTimeOffset ClosedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ClosedAt;
}

public sealed record RequestWithdrawn(Guid RequestId, string WithdrawnBy, DateTimeOffset WithdrawnAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => WithdrawnAt;
}

public sealed record RequestExpired(Guid RequestId, DateTimeOffset ExpiredAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ExpiredAt;
}

public sealed record ComputeRequest(Guid Id, Guid MemberId, string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions, string Status, Guid? LeaseId)
{
    public static ComputeRequest Create(RequestOpened e) =>
        new(e.RequestId, e.MemberId, e.ResourceClass, e.Units, e.RequiredTraits, e.MaxPricePerUnitHour, e.Currency, e.StartsAt, e.EndsAt, e.Regions, "open", null);

    public ComputeRequest Apply(RequestMatched e) => this with { Status = "matched", LeaseId = e.LeaseId };
    public ComputeRequest Apply(RequestClosed e) => this with { Status = "closed" };
    public ComputeRequest Apply(RequestWithdrawn e) => this with { Status = "withdrawn" };
    public ComputeRequest Apply(RequestExpired e) => this with { Status = "expired" };
}
