using Alliance.Market.Sites;

namespace Alliance.Market.Matching;

/// <summary>An open offer as matching sees it: the offer, its site's inventory of the class and what is leased of it, and its derived traits.</summary>
public sealed record OfferView(Guid OfferId, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long OfferUnits, long LeasedFromOffer,
    decimal PricePerUnitHour, string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Inventory? Inventory, long LeasedOfClass,
    string[] Traits, decimal? Score = null)
{
    /// <summary>What a lease may take from this offer now: the site's free units of the class, bounded by what the offer has left.</summary>
    public long FreeUnits => Inventory is null ? 0 : Math.Max(0, Math.Min(Inventory.Capacity - LeasedOfClass, OfferUnits - LeasedFromOffer));
}

/// <summary>What a request wants (Regions: in order of preference; a country also prefers its provinces).</summary>
public sealed record Want(string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour, string Currency,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions);

public sealed record Candidate(OfferView Offer, long FreeUnits, int RegionRank, DateTimeOffset LeaseStartsAt, DateTimeOffset LeaseEndsAt);

/// <summary>One filter and how many offers it removed. Detail: the missing trait for a "trait" filter.</summary>
public sealed record Removal(string Filter, string? Detail, int Offers, string Message);

public sealed record MatchResult(IReadOnlyList<Candidate> Candidates, IReadOnlyList<Removal> Removed, int Considered)
{
    /// <summary>
    /// When nothing matches, why, in one sentence: what removed the offers of the wanted class (offers of other classes are
    /// not a reason worth reading), or that there is no open offer of the class at all. Null when something matches.
    /// </summary>
    public string? Why(string wanted) =>
        Candidates.Count > 0 ? null
        : Removed.Where(r => r.Filter != "resource-class").Select(r => r.Message).ToList() is { Count: > 0 } reasons ? string.Join("; ", reasons)
        : $"No open offer is of {wanted}";
}

/// <summary>
/// Matching as a pure function of the request, the open offers and the instant. An offer is a candidate when it is of the
/// wanted class, its site has every required trait now, enough free capacity (total − reserved − leased ≥ wanted, and the
/// offer has that many left) under the inventory's unit rules (min, max, step), its price is within the maximum in the
/// same currency, and its window overlaps the request's from now on. Candidates are ordered by price, then evaluation
/// score (highest first), then region preference. When offers are removed, each filter says how many it removed: the
/// class filter counts among all offers, every other filter independently among the offers of the wanted class, so an
/// offer failing two filters is counted by both ("12 offers lack CERT:ACI@1.0; 3 are over your price").
/// </summary>
public static class Matcher
{
    public static MatchResult Match(Want want, IReadOnlyList<OfferView> offers, DateTimeOffset now)
    {
        var ofClass = offers.Where(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass)).ToList();
        var removed = new List<Removal>();
        void Count(string filter, string? detail, Func<OfferView, bool> fails, Func<int, string> message, IReadOnlyList<OfferView> among)
        {
            var n = among.Count(fails);
            if (n > 0) removed.Add(new Removal(filter, detail, n, message(n)));
        }
        Count("resource-class", want.ResourceClass, o => !ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass),
            n => $"{Offers(n)} another resource class than {want.ResourceClass}", offers);
        foreach (var trait in want.RequiredTraits)
            Count("trait", trait, o => !o.Traits.Contains(trait), n => $"{Offers(n, "lack", "lacks")} {trait}", ofClass);
        Count("capacity", null, o => o.FreeUnits < want.Units, n => $"{Offers(n)} fewer than {want.Units} units free", ofClass);
        Count("unit-rules", null, o => !UnitsAllowed(o, want.Units), n => $"{Offers(n, "do", "does")} not lease {want.Units} units (the site's minimum, maximum or step)", ofClass);
        Count("currency", want.Currency, o => o.Currency != want.Currency, n => $"{Offers(n, "are", "is")} priced in another currency than {want.Currency}", ofClass);
        Count("price", null, o => o.Currency == want.Currency && o.PricePerUnitHour > want.MaxPricePerUnitHour,
            n => $"{Offers(n, "are", "is")} over your price ({want.MaxPricePerUnitHour} {want.Currency} per unit-hour)", ofClass);
        Count("window", null, o => Overlap(o, want, now) is null, n => $"{Offers(n, "do", "does")} not overlap your window", ofClass);

        var candidates = ofClass.Where(o => IsCandidate(o, want, now))
            .Select(o => { var (from, until) = Overlap(o, want, now)!.Value; return new Candidate(o, o.FreeUnits, RegionRank(o.Region, want.Regions), from, until); })
            .OrderBy(c => c.Offer.PricePerUnitHour)
            .ThenByDescending(c => c.Offer.Score ?? decimal.MinValue)
            .ThenBy(c => c.RegionRank)
            .ThenBy(c => c.Offer.OfferId)
            .ToList();
        return new MatchResult(candidates, removed, offers.Count);
    }

    public static bool IsCandidate(OfferView o, Want want, DateTimeOffset now) =>
        ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass)
        && want.RequiredTraits.All(o.Traits.Contains)
        && o.FreeUnits >= want.Units
        && UnitsAllowed(o, want.Units)
        && o.Currency == want.Currency && o.PricePerUnitHour <= want.MaxPricePerUnitHour
        && Overlap(o, want, now) is not null;

    public static bool UnitsAllowed(OfferView o, long units) => o.Inventory?.AllowsAmount(units) == true;

    /// <summary>The lease's window: where the offer's and the request's windows overlap, from now on; null when they do not.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until)? Overlap(OfferView o, Want want, DateTimeOffset now)
    {
        var from = new[] { o.StartsAt, want.StartsAt, now }.Max();
        var until = o.EndsAt < want.EndsAt ? o.EndsAt : want.EndsAt;
        return until > from ? (from, until) : null;
    }

    /// <summary>The position of the first preferred region that is the offer's region or contains it; after all of them when none does.</summary>
    public static int RegionRank(string region, string[] preferred)
    {
        for (var i = 0; i < preferred.Length; i++)
            if (region == preferred[i] || region.StartsWith(preferred[i] + "-", StringComparison.Ordinal)) return i;
        return preferred.Length;
    }

    private static string Offers(int n, string plural = "have", string singular = "has") => n == 1 ? $"1 offer {singular}" : $"{n} offers {plural}";
}
