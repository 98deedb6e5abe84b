using Alliance.Hosting;

namespace Alliance.Market.Offers;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class OfferEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<OfferPublished>("offer_published", e => e.PublishedAt)
        .Add<OfferMatched>("offer_matched", e => e.MatchedAt)
        .Add<OfferClosed>("offer_closed", e => e.ClosedAt)
        .Add<OfferWithdrawn>("offer_withdrawn", e => e.WithdrawnAt)
        .Add<OfferExpired>("offer_expired", e => e.ExpiredAt);
}

// The Offer stream (Akash's bid, vast.ai's offer): a slice of one site's capacity at a price per unit-hour for a window.
// open → matched (every unit leased) → closed (its leases ended); open → withdrawn | expired (the window passed).

public sealed record OfferPublished(Guid OfferId, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long Units, decimal PricePerUnitHour,
    string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string PublishedBy, DateTimeOffset PublishedAt);

public sealed record OfferMatched(Guid OfferId, Guid LastLeaseId, DateTimeOffset MatchedAt);

/// <summary>Reason: leases-ended (every lease of a matched offer closed) or window-ended.</summary>
public sealed record OfferClosed(Guid OfferId, string Reason, DateTimeOffset ClosedAt);

public sealed record OfferWithdrawn(Guid OfferId, string WithdrawnBy, DateTimeOffset WithdrawnAt);

public sealed record OfferExpired(Guid OfferId, DateTimeOffset ExpiredAt);

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
