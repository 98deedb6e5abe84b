using Alliance.Hosting;

namespace Alliance.Market.Offers;

// The Offer stream (Akash's bid, vast.ai's offer): a slice of one site's capacity at a price per unit-hour for a window.
// open → matched (every unit leased) → closed (its leases ended); open → withdrawn | expired (the window passed).

public sealed record OfferPublished(Guid OfferId, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long Units, decimal PricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string PublishedBy, DateTimeOffset PublishedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => PublishedAt;
}

public sealed record OfferMatched(Guid OfferId, Guid LastLeaseId, DateTimeOffset MatchedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => MatchedAt;
}

/// <summary>Reason: leases-ended (every lease of a matched offer closed) or window-ended.</summary>
public sealed record OfferClosed(Guid OfferId, string Reason, DateTimeOffset ClosedAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ClosedAt;
}

public sealed record OfferWithdrawn(Guid OfferId, string WithdrawnBy, DateTimeOffset WithdrawnAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => WithdrawnAt;
}

public sealed record OfferExpired(Guid OfferId, DateTimeOffset ExpiredAt) : IDomainEvent
{
    DateTimeOffset IDomainEvent.OccurredAt => ExpiredAt;
}

public sealed record Offer(Guid Id, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long Units, decimal PricePerUnitHour, string Currency,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status)
{
    public static Offer Create(OfferPublished e) =>
        new(e.OfferId, e.SiteId, e.MemberId, e.Region, e.ResourceClass, e.Units, e.PricePerUnitHour, e.Currency, e.StartsAt, e.EndsAt, "open");

    public Offer Apply(OfferMatched e) => this with { Status = "matched" };
    public Offer Apply(OfferClosed e) => this with { Status = "closed" };
    public Offer Apply(OfferWithdrawn e) => this with { Status = "withdrawn" };
    public Offer Apply(OfferExpired e) => this with { Status = "expired" };
}
