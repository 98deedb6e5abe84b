using System.Text.RegularExpressions;
using Alliance.Hosting;
using Alliance.Market.Matching;
using Alliance.Market.Offers;
using Alliance.Market.Sites;

namespace Alliance.Market.Requests;

/// <summary>Score: the worst score accepted in the metric's direction — at least it for a throughput, at most it for a latency.</summary>
public sealed record MinimumScoreInput(string? Trait, double? Score);

public sealed record OpenRequest(Guid? MemberId, string? ResourceClass, long? Units, string[]? RequiredTraits, decimal? MaxPricePerUnitHour, string? Currency,
    TimeWindow? Window, string[]? Regions, MinimumScoreInput[]? MinimumScores = null);

public static partial class RequestDecisions
{
    // CERT:{standard code}@{version}, as Compatibility names them (ACI@1.0, K8S@v1.30).
    [GeneratedRegex("^CERT:[A-Za-z0-9][A-Za-z0-9._-]{0,39}@[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex CertTraitPattern();

    // EVAL:{benchmark}/{scenario}, with Compatibility's ids of a suite's benchmarks and scenarios (EVAL:resnet/Offline).
    [GeneratedRegex("^EVAL:[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex EvalTraitPattern();

    public static bool IsTrait(string? trait) => trait is not null && (CertTraitPattern().IsMatch(trait) || EvalTraitPattern().IsMatch(trait));

    public static RequestOpened Decide(Guid id, OpenRequest r, Actor actor, string? memberStatus, DateTimeOffset now)
    {
        var v = new Validation();
        var cls = r.ResourceClass?.Trim() == ResourceClasses.AnyAccelerator ? ResourceClasses.AnyAccelerator : ResourceClasses.Canonical(r.ResourceClass);
        if (cls is null) v.Add("resourceClass", $"'resourceClass' must be {ResourceClasses.Explanation}, or ACCELERATOR for any accelerator product.");
        if (r.Units is not (>= 1 and <= 1_000_000_000)) v.Add("units", "'units' is required, from 1 to 1,000,000,000.");
        var traits = r.RequiredTraits ?? [];
        if (traits.Length > 20) v.Add("requiredTraits", "At most 20 required traits.");
        for (var i = 0; i < traits.Length; i++)
            if (!IsTrait(traits[i]))
                v.Add($"requiredTraits[{i}]", "A required trait is CERT:<standard>@<version> (CERT:ACI@1.0) or EVAL:<benchmark>/<scenario> (EVAL:resnet/Offline).");
        var minimums = r.MinimumScores ?? [];
        if (minimums.Length > 20) v.Add("minimumScores", "At most 20 minimum scores.");
        for (var i = 0; i < minimums.Length; i++)
        {
            if (minimums[i] is not { } m) { v.Add($"minimumScores[{i}]", "A minimum score is {\"trait\": \"EVAL:<benchmark>/<scenario>\", \"score\": <number>}."); continue; }
            if (m.Trait is null || !EvalTraitPattern().IsMatch(m.Trait))
                v.Add($"minimumScores[{i}].trait", "'trait' is an EVAL trait, EVAL:<benchmark>/<scenario> (EVAL:resnet/Offline).");
            else if (minimums.Take(i).Any(o => o?.Trait == m.Trait))
                v.Add($"minimumScores[{i}].trait", $"{m.Trait} has a minimum score already.");
            if (m.Score is not { } score || !double.IsFinite(score) || score < 0)
                v.Add($"minimumScores[{i}].score", "'score' is a number ≥ 0: the worst score accepted, in the metric's direction (at least it for a throughput, at most it for a latency).");
        }
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
        // A minimum score requires its trait: the request names it among its required traits, after the ones it gave.
        var scores = minimums.Select(m => new MinimumScore(m.Trait!, m.Score!.Value)).ToArray();
        return new RequestOpened(id, member, cls!, r.Units!.Value, [.. traits.Concat(scores.Select(m => m.Trait)).Distinct()], r.MaxPricePerUnitHour!.Value, r.Currency!,
            r.Window!.From!.Value, r.Window.Until!.Value, [.. regions.Distinct()], actor.Describe(), now, scores);
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
