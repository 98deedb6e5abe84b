using System.Globalization;
using Alliance.Hosting;
using Alliance.Market.Matching;
using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;

namespace Alliance.Market.Leases;

public sealed record CreateLease(Guid? OfferId);

public sealed record CloseLease(decimal? UsageUnitHours);

/// <summary>The events of one lease decision, one per stream: the site's (the capacity), the request's and, when it is used up, the offer's.</summary>
public sealed record LeaseDecision(LeaseCreated Lease, RequestMatched Request, OfferMatched? Offer);

public static class LeaseDecisions
{
    /// <summary>
    /// Leases the request's units from the offer, decided on the site as its stream stands (the version the append will
    /// expect): every rule of matching holds again here, against the site's own leases rather than a read model, and the
    /// refusal names the rule and the numbers.
    /// </summary>
    public static LeaseDecision Create(Site site, ComputeRequest request, Offer offer, string[] offerTraits, IReadOnlyDictionary<string, EvaluationScore> offerScores,
        Actor actor, Guid leaseId, DateTimeOffset now)
    {
        actor.MustActFor(request.MemberId);
        if (request.Status != "open") throw new DomainRuleViolated("request-not-open", $"The request is {request.Status}: only an open request is leased.");
        if (offer.Status != "open") throw new DomainRuleViolated("offer-not-open", $"The offer is {offer.Status}: only an open offer is leased.");
        var inventory = site.InventoryOf(offer.ResourceClass);
        var view = new OfferView(offer.Id, site.Id, site.MemberId, site.Region, offer.ResourceClass, offer.Units, site.LeasedFromOffer(offer.Id),
            offer.PricePerUnitHour, offer.Currency, offer.StartsAt, offer.EndsAt, inventory, site.LeasedUnits(offer.ResourceClass), offerTraits, offerScores);
        var want = RequestEndpoints.Want(request);
        if (!ResourceClasses.Satisfies(offer.ResourceClass, request.ResourceClass))
            throw new DomainRuleViolated("resource-class", $"The offer is of {offer.ResourceClass}; the request wants {request.ResourceClass}.");
        if (want.AllRequiredTraits.Where(t => !offerTraits.Contains(t)).ToList() is { Count: > 0 } missing)
            throw new DomainRuleViolated("traits-missing", "The offer's site lacks traits the request requires.", missing);
        if (want.Minimums.FirstOrDefault(m => !view.Meets(m)) is { } below)
            throw new DomainRuleViolated("score-below-minimum", view.ScoreOf(below.Trait) is { } score
                ? string.Create(CultureInfo.InvariantCulture,
                    $"The offer's best {below.Trait} score is {score.Score} {score.Unit} ({(score.HigherIsBetter ? "higher" : "lower")} is better); the request accepts no worse than {below.Score}.")
                : $"The offer has no published {below.Trait} score.");
        if (offer.Currency != request.Currency || offer.PricePerUnitHour > request.MaxPricePerUnitHour)
            throw new DomainRuleViolated("over-price", $"The offer costs {offer.PricePerUnitHour} {offer.Currency} per unit-hour; the request pays at most {request.MaxPricePerUnitHour} {request.Currency}.");
        if (!Matcher.UnitsAllowed(view, request.Units))
            throw new DomainRuleViolated("unit-rules", $"The site leases {offer.ResourceClass} in units of {inventory?.MinUnit}..{inventory?.MaxUnit}, step {inventory?.StepSize}; the request wants {request.Units}.");
        if (view.FreeUnits < request.Units)
            throw new DomainRuleViolated("insufficient-capacity",
                $"{view.FreeUnits} units of {offer.ResourceClass} are free on this offer (the site: {inventory?.Capacity} total − reserved, {view.LeasedOfClass} leased; the offer: {offer.Units}, {view.LeasedFromOffer} leased); the request wants {request.Units}.");
        if (Matcher.Overlap(view, want, now) is not { } window)
            throw new DomainRuleViolated("window", "The offer's window and the request's do not overlap from now on.");
        var lease = new LeaseCreated(leaseId, site.Id, offer.Id, request.Id, site.MemberId, request.MemberId, offer.ResourceClass, request.Units,
            offer.PricePerUnitHour, offer.Currency, window.From, window.Until, actor.Describe(), now);
        var usedUp = view.LeasedFromOffer + request.Units >= offer.Units || view.FreeUnits - request.Units < (inventory?.MinUnit ?? 1);
        return new LeaseDecision(lease, new RequestMatched(request.Id, leaseId, offer.Id, site.Id, now), usedUp ? new OfferMatched(offer.Id, leaseId, now) : null);
    }

    /// <summary>Either side (or the secretariat) ends a lease; usage is what was used, by default the units times the hours it ran.</summary>
    public static LeaseClosed Close(Site site, Guid leaseId, CloseLease body, Actor actor, DateTimeOffset now)
    {
        var lease = site.Leases.FirstOrDefault(l => l.LeaseId == leaseId)
            ?? throw new DomainRuleViolated("lease-not-active", "The lease has ended already.");
        var reason = actor.IsSecretariat ? "secretariat" : actor.ActsFor(site.MemberId) ? "provider" : actor.ActsFor(lease.RequesterMemberId) ? "requester"
            : throw new Forbidden("Only the provider, the requester or the secretariat ends a lease.");
        var ran = Ran(lease, now);
        if (body.UsageUnitHours is < 0 || body.UsageUnitHours > ran)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["usageUnitHours"] = [$"'usageUnitHours' is from 0 to {ran} (the units times the hours the lease ran)."] });
        return new LeaseClosed(leaseId, site.Id, lease.OfferId, lease.RequestId, site.MemberId, lease.RequesterMemberId, reason, body.UsageUnitHours ?? ran, actor.Describe(), now);
    }

    /// <summary>The leases whose window has ended, closed with the full window as usage.</summary>
    public static LeaseClosed[] Due(Site site, DateTimeOffset now) =>
        site.Leases.Where(l => l.EndsAt <= now).Select(l => new LeaseClosed(l.LeaseId, site.Id, l.OfferId, l.RequestId, site.MemberId, l.RequesterMemberId, "window-ended", Ran(l, l.EndsAt), "schedule", now)).ToArray();

    private static decimal Ran(ActiveLease lease, DateTimeOffset until)
    {
        var end = until < lease.EndsAt ? until : lease.EndsAt;
        var hours = end > lease.StartsAt ? (decimal)(end - lease.StartsAt).TotalHours : 0m;
        return decimal.Round(lease.Units * hours, 4);
    }
}
