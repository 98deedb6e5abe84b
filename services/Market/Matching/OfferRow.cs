using Alliance.Market.Sites;
using Alliance.Market.Traits;

namespace Alliance.Market.Matching;

/// <summary>
/// An open offer as the matching queries read it from the read model (OpenOffers, CandidateQuery), with what matching
/// needs of its site: capacity, leases, systems. Settable properties: Dapper maps them by name, whatever the exact
/// types of the columns.
/// </summary>
internal class OfferRow
{
    public Guid OfferId { get; set; }
    public Guid SiteId { get; set; }
    public Guid MemberId { get; set; }
    public string Region { get; set; } = "";
    public string ResourceClass { get; set; } = "";
    public long Units { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "";
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public long? Total { get; set; }
    public long? Reserved { get; set; }
    public long? MinUnit { get; set; }
    public long? MaxUnit { get; set; }
    public long? StepSize { get; set; }
    public long LeasedOfClass { get; set; }
    public long LeasedFromOffer { get; set; }
    public Guid[] SystemProductIds { get; set; } = [];

    /// <summary>The offer as the Matcher sees it, its traits and scores from the book.</summary>
    public OfferView View(TraitBook traits)
    {
        var (derived, scores) = traits.Capacity(ResourceClass, SystemProductIds);
        return new(OfferId, SiteId, MemberId, Region, ResourceClass, Units, LeasedFromOffer, Price, Currency, Utc(StartsAt), Utc(EndsAt),
            Total is { } total ? new Inventory(ResourceClass, total, Reserved!.Value, MinUnit!.Value, MaxUnit!.Value, StepSize!.Value) : null,
            LeasedOfClass, derived, scores);
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}
