using System.Text.RegularExpressions;
using Alliance.Hosting;
using Alliance.Market.Sites;

namespace Alliance.Market.Offers;

public sealed record TimeWindow(DateTimeOffset? From, DateTimeOffset? Until);

public sealed record PublishOffer(Guid? SiteId, string? ResourceClass, long? Units, decimal? PricePerUnitHour, string? Currency, TimeWindow? Window);

public static partial class OfferDecisions
{
    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(5 * 366);

    /// <summary>A price per unit-hour and an ISO 4217 currency, checked and named the same for offers and requests.</summary>
    public static void Price(Validation v, string field, decimal? price, string? currency)
    {
        if (price is not (> 0 and <= 1_000_000_000)) v.Add(field, $"'{field}' is required: more than 0 and at most 1,000,000,000.");
        else if (decimal.Round(price.Value, 6) != price.Value) v.Add(field, $"'{field}' has at most 6 decimal places.");
        if (currency is null || !CurrencyPattern().IsMatch(currency)) v.Add("currency", "'currency' must be an ISO 4217 code such as CNY, EUR or USD.");
    }

    public static void Window(Validation v, TimeWindow? w, DateTimeOffset now)
    {
        if (w?.From is null) v.Add("window.from", "'window.from' is required.");
        if (w?.Until is null) v.Add("window.until", "'window.until' is required.");
        if (w is { From: { } from, Until: { } until })
        {
            if (until <= from) v.Add("window.until", "'window.until' must be after 'window.from'.");
            else if (until - from > LongestWindow) v.Add("window.until", "A window is at most five years long.");
            if (until <= now) v.Add("window.until", "'window.until' must be in the future.");
        }
    }

    public static OfferPublished Publish(Guid id, PublishOffer r, Site? site, Actor actor, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.SiteId is null) v.Add("siteId", "'siteId' is required.");
        var cls = ResourceClasses.Canonical(r.ResourceClass);
        if (cls is null) v.Add("resourceClass", $"'resourceClass' must be {ResourceClasses.Explanation}.");
        if (r.Units is not (>= 1 and <= 1_000_000_000)) v.Add("units", "'units' is required, from 1 to 1,000,000,000.");
        Price(v, "pricePerUnitHour", r.PricePerUnitHour, r.Currency);
        Window(v, r.Window, now);
        v.ThrowIfInvalid();
        if (site is null) throw new NotFound($"Site {r.SiteId}");
        if (!actor.IsSecretariat) actor.MustActFor(site.MemberId);
        var inventory = site.InventoryOf(cls!)
            ?? throw new DomainRuleViolated("class-not-in-inventory", $"The site has no inventory of {cls}: set it first (PUT /compute/sites/{site.Id}/inventory).");
        if (r.Units > inventory.Capacity)
            throw new DomainRuleViolated("offer-exceeds-capacity", $"The site has {inventory.Capacity} units of {cls} (total − reserved); the offer names {r.Units}.");
        return new OfferPublished(id, site.Id, site.MemberId, site.Region, cls!, r.Units!.Value, r.PricePerUnitHour!.Value, r.Currency!,
            r.Window!.From!.Value, r.Window.Until!.Value, actor.Describe(), now);
    }

    public static OfferWithdrawn Withdraw(Offer offer, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) actor.MustActFor(offer.MemberId);
        if (offer.Status != "open")
            throw new DomainRuleViolated("offer-not-open", $"Only an open offer can be withdrawn; this one is {offer.Status} (its leases end by their own closure).");
        return new OfferWithdrawn(offer.Id, actor.Describe(), now);
    }

    /// <summary>What falls due by the clock: an open offer expires at its window's end; a matched one closes then.</summary>
    public static object? Due(Offer offer, bool hasActiveLeases, DateTimeOffset now) => offer switch
    {
        { Status: "open" } when offer.EndsAt <= now => hasActiveLeases ? new OfferClosed(offer.Id, "window-ended", now) : new OfferExpired(offer.Id, now),
        { Status: "matched" } when offer.EndsAt <= now && !hasActiveLeases => new OfferClosed(offer.Id, "window-ended", now),
        _ => null,
    };
}
