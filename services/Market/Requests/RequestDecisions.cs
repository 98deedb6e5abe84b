using System.Text.RegularExpressions;
using Alliance.Hosting;
using Alliance.Market.Offers;
using Alliance.Market.Sites;

namespace Alliance.Market.Requests;

public sealed record OpenRequest(Guid? MemberId, string? ResourceClass, long? Units, string[]? RequiredTraits, decimal? MaxPricePerUnitHour, string? Currency,
    TimeWindow? Window, string[]? Regions);

public static partial class RequestDecisions
{
    // CERT:{standard code}@{version}, as Compatibility names them (ACI@1.0, K8S@v1.30). EVAL:{benchmark}/{scenario} traits
    // follow once evaluation results are published (not yet).
    [GeneratedRegex("^CERT:[A-Za-z0-9][A-Za-z0-9._-]{0,39}@[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex CertTraitPattern();

    public static RequestOpened Decide(Guid id, OpenRequest r, Actor actor, string? memberStatus, DateTimeOffset now)
    {
        var v = new Validation();
        var cls = r.ResourceClass?.Trim() == ResourceClasses.AnyAccelerator ? ResourceClasses.AnyAccelerator : ResourceClasses.Canonical(r.ResourceClass);
        if (cls is null) v.Add("resourceClass", $"'resourceClass' must be {ResourceClasses.Explanation}, or ACCELERATOR for any accelerator product.");
        if (r.Units is not (>= 1 and <= 1_000_000_000)) v.Add("units", "'units' is required, from 1 to 1,000,000,000.");
        var traits = r.RequiredTraits ?? [];
        if (traits.Length > 20) v.Add("requiredTraits", "At most 20 required traits.");
        for (var i = 0; i < traits.Length; i++)
            if (traits[i] is null || !CertTraitPattern().IsMatch(traits[i]))
                v.Add($"requiredTraits[{i}]", "A required trait is CERT:<standard>@<version>, such as CERT:ACI@1.0 (EVAL traits are not derived yet).");
        OfferDecisions.Price(v, "maxPricePerUnitHour", r.MaxPricePerUnitHour, r.Currency);
        OfferDecisions.Window(v, r.Window, now);
        var regions = r.Regions ?? [];
        if (regions.Length > 20) v.Add("regions", "At most 20 preferred regions.");
        for (var i = 0; i < regions.Length; i++)
            if (!SiteDecisions.IsRegion(regions[i])) v.Add($"regions[{i}]", "A region is a country code (\"CN\") or a province code (\"CN-GZ\").");
        if (actor.IsSecretariat && r.MemberId is null) v.Add("memberId", "'memberId' is required when the secretariat opens a request for a member.");
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat && r.MemberId is { } named) actor.MustActFor(named);
        var member = actor.IsSecretariat ? r.MemberId!.Value : actor.MemberId!.Value;
        if (actor.IsSecretariat && memberStatus != "admitted")
            throw new DomainRuleViolated("member-not-in-good-standing", "Requests are opened for admitted members in good standing only.");
        return new RequestOpened(id, member, cls!, r.Units!.Value, [.. traits.Distinct()], r.MaxPricePerUnitHour!.Value, r.Currency!,
            r.Window!.From!.Value, r.Window.Until!.Value, [.. regions.Distinct()], actor.Describe(), now);
    }

    public static RequestWithdrawn Withdraw(ComputeRequest request, Actor actor, DateTimeOffset now)
    {
        if (!actor.IsSecretariat) actor.MustActFor(request.MemberId);
        if (request.Status != "open")
            throw new DomainRuleViolated("request-not-open", $"Only an open request can be withdrawn; this one is {request.Status} (close its lease instead).");
        return new RequestWithdrawn(request.Id, actor.Describe(), now);
    }

    public static RequestExpired? Due(ComputeRequest request, DateTimeOffset now) =>
        request is { Status: "open" } && request.EndsAt <= now ? new RequestExpired(request.Id, now) : null;
}
