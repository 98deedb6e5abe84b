using System.Globalization;
using Alliance.Market.Sites;

namespace Alliance.Market.Matching;

/// <summary>
/// An EVAL trait's best published score: Score in Unit, HigherIsBetter false for latencies (the metric's direction, as
/// Compatibility's message says); ResultId: the published result that gives it (v4.1-0001).
/// </summary>
public sealed record EvaluationScore(string Trait, double Score, string Unit, bool HigherIsBetter, string ResultId)
{
    /// <summary>Whether this score is at least as good as <paramref name="threshold"/> in the metric's direction (≥ a throughput, ≤ a latency).</summary>
    public bool Meets(double threshold) => HigherIsBetter ? Score >= threshold : Score <= threshold;

    /// <summary>The score as a number that is larger the better it is, in either direction.</summary>
    public double Goodness => HigherIsBetter ? Score : -Score;

    /// <summary>The best of some scores of one trait in the metric's direction (ties: the lowest result id), null for none.</summary>
    public static EvaluationScore? Best(IEnumerable<EvaluationScore> scores) =>
        scores.OrderByDescending(s => s.Goodness).ThenBy(s => s.ResultId, StringComparer.Ordinal).FirstOrDefault();
}

/// <summary>
/// A request's threshold on an EVAL trait: Score is the worst score accepted, in the metric's direction — at least Score
/// for a throughput (higher is better), at most Score for a latency (lower is better). Requiring a minimum score
/// requires the trait.
/// </summary>
public sealed record MinimumScore(string Trait, double Score);

/// <summary>An open offer as matching sees it: the offer, its site's inventory of the class and what is leased of it, its derived traits and the best score of each EVAL trait.</summary>
public sealed record OfferView(Guid OfferId, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long OfferUnits, long LeasedFromOffer,
    decimal PricePerUnitHour, string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Inventory? Inventory, long LeasedOfClass,
    string[] Traits, IReadOnlyDictionary<string, EvaluationScore>? Scores = null)
{
    /// <summary>What a lease may take from this offer now: the site's free units of the class, bounded by what the offer has left.</summary>
    public long FreeUnits => Inventory is null ? 0 : Math.Max(0, Math.Min(Inventory.Capacity - LeasedOfClass, OfferUnits - LeasedFromOffer));

    public EvaluationScore? ScoreOf(string trait) => Scores?.GetValueOrDefault(trait);

    /// <summary>Whether the offer has the trait of a minimum score with a score that meets it.</summary>
    public bool Meets(MinimumScore minimum) => Traits.Contains(minimum.Trait) && ScoreOf(minimum.Trait) is { } s && s.Meets(minimum.Score);
}

/// <summary>
/// What a request wants (Regions: in order of preference; a country also prefers its provinces). MinimumScores: thresholds
/// on EVAL traits, each of which is required too.
/// </summary>
public sealed record Want(string ResourceClass, long Units, string[] RequiredTraits, decimal MaxPricePerUnitHour, string Currency,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string[] Regions, MinimumScore[]? MinimumScores = null)
{
    public MinimumScore[] Minimums => MinimumScores ?? [];

    /// <summary>The required traits and the traits of the minimum scores, each once, in that order.</summary>
    public string[] AllRequiredTraits => [.. RequiredTraits.Concat(Minimums.Select(m => m.Trait)).Distinct()];

    /// <summary>The EVAL trait candidates are ranked by after price: the first one the request requires; null when it requires none.</summary>
    public string? RankingTrait => AllRequiredTraits.FirstOrDefault(t => t.StartsWith(EvalPrefix, StringComparison.Ordinal));

    public const string EvalPrefix = "EVAL:";
}

/// <summary>A candidate; Score: its score for the request's ranking EVAL trait (null when the request requires none).</summary>
public sealed record Candidate(OfferView Offer, long FreeUnits, int RegionRank, DateTimeOffset LeaseStartsAt, DateTimeOffset LeaseEndsAt, EvaluationScore? Score = null);

/// <summary>
/// Some offers of the wanted class that share their traits and scores (one offer, or a group the database counted), and
/// how many of them fail each filter that does not depend on traits.
/// </summary>
public sealed record Tally(string[] Traits, IReadOnlyDictionary<string, EvaluationScore>? Scores, int Offers, int Capacity, int UnitRules, int Currency, int Price, int Window)
{
    public static Tally Of(OfferView o, Want want, DateTimeOffset now) => new(o.Traits, o.Scores, 1,
        o.FreeUnits < want.Units ? 1 : 0, Matcher.UnitsAllowed(o, want.Units) ? 0 : 1, o.Currency != want.Currency ? 1 : 0,
        o.Currency == want.Currency && o.PricePerUnitHour > want.MaxPricePerUnitHour ? 1 : 0, Matcher.Overlap(o, want, now) is null ? 1 : 0);

    public EvaluationScore? ScoreOf(string trait) => Scores?.GetValueOrDefault(trait);

    public bool Meets(MinimumScore minimum) => Traits.Contains(minimum.Trait) && ScoreOf(minimum.Trait) is { } s && s.Meets(minimum.Score);
}

/// <summary>One filter and how many offers it removed. Detail: the missing trait for a "trait" filter, the trait for a "score" filter.</summary>
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
/// wanted class, its site has every required trait now, a score meeting each minimum score (in the metric's direction),
/// enough free capacity (total − reserved − leased ≥ wanted, and the offer has that many left) under the inventory's unit
/// rules (min, max, step), its price is within the maximum in the same currency, and its window overlaps the request's
/// from now on. Candidates are ordered by price, then by their score for the request's first EVAL trait (best first in
/// the metric's direction), then region preference. When offers are removed, each filter says how many it removed: the
/// class filter counts among all offers, every other filter independently among the offers of the wanted class, so an
/// offer failing two filters is counted by both ("12 offers lack CERT:ACI@1.0; 3 are over your price"). The score
/// filter counts only offers that have the trait (the others lack it): "4 offers lack EVAL:resnet/Offline; 2 offers
/// score below 1000 Samples/s on EVAL:resnet/Offline".
/// </summary>
public static class Matcher
{
    public static MatchResult Match(Want want, IReadOnlyList<OfferView> offers, DateTimeOffset now)
    {
        var ofClass = offers.Where(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass)).ToList();
        var removed = Removals(want, offers.Count, ofClass.Select(o => Tally.Of(o, want, now)).ToList());
        return new MatchResult(Rank(want, ofClass, now), removed, offers.Count);
    }

    /// <summary>
    /// The filters' counts from tallies of the offers of the wanted class (each tally some offers that share their traits
    /// and scores), <paramref name="considered"/> being every open offer: the class filter removed the rest. In the
    /// tallies' order, the first one that fails a score gives that score's unit and direction to its message.
    /// </summary>
    public static List<Removal> Removals(Want want, int considered, IReadOnlyList<Tally> ofClass)
    {
        var removed = new List<Removal>();
        void Add(string filter, string? detail, int n, Func<int, string> message)
        {
            if (n > 0) removed.Add(new Removal(filter, detail, n, message(n)));
        }
        Add("resource-class", want.ResourceClass, considered - ofClass.Sum(t => t.Offers), n => $"{Offers(n)} another resource class than {want.ResourceClass}");
        foreach (var trait in want.AllRequiredTraits)
            Add("trait", trait, ofClass.Where(t => !t.Traits.Contains(trait)).Sum(t => t.Offers), n => $"{Offers(n, "lack", "lacks")} {trait}");
        foreach (var minimum in want.Minimums)
        {
            var failing = ofClass.Where(t => t.Traits.Contains(minimum.Trait) && !t.Meets(minimum)).ToList();
            var scored = failing.Select(t => t.ScoreOf(minimum.Trait)).FirstOrDefault(s => s is not null);
            var threshold = minimum.Score.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(scored?.Unit) ? "" : " " + scored.Unit);
            Add("score", minimum.Trait, failing.Sum(t => t.Offers),
                n => scored is { HigherIsBetter: false }
                    ? $"{Offers(n, "score", "scores")} above {threshold} on {minimum.Trait} (lower is better)"
                    : $"{Offers(n, "score", "scores")} below {threshold} on {minimum.Trait}");
        }
        Add("capacity", null, ofClass.Sum(t => t.Capacity), n => $"{Offers(n)} fewer than {want.Units} units free");
        Add("unit-rules", null, ofClass.Sum(t => t.UnitRules), n => $"{Offers(n, "do", "does")} not lease {want.Units} units (the site's minimum, maximum or step)");
        Add("currency", want.Currency, ofClass.Sum(t => t.Currency), n => $"{Offers(n, "are", "is")} priced in another currency than {want.Currency}");
        Add("price", null, ofClass.Sum(t => t.Price), n => $"{Offers(n, "are", "is")} over your price ({want.MaxPricePerUnitHour} {want.Currency} per unit-hour)");
        Add("window", null, ofClass.Sum(t => t.Window), n => $"{Offers(n, "do", "does")} not overlap your window");
        return removed;
    }

    /// <summary>The candidates among some offers, in the order of the list: price, the ranking trait's score, region preference, offer id.</summary>
    public static List<Candidate> Rank(Want want, IEnumerable<OfferView> offers, DateTimeOffset now)
    {
        var ranking = want.RankingTrait;
        return offers.Where(o => IsCandidate(o, want, now))
            .Select(o =>
            {
                var (from, until) = Overlap(o, want, now)!.Value;
                return new Candidate(o, o.FreeUnits, RegionRank(o.Region, want.Regions), from, until, ranking is null ? null : o.ScoreOf(ranking));
            })
            .OrderBy(c => c.Offer.PricePerUnitHour)
            .ThenByDescending(c => c.Score?.Goodness ?? double.NegativeInfinity)
            .ThenBy(c => c.RegionRank)
            .ThenBy(c => c.Offer.OfferId)
            .ToList();
    }

    public static bool IsCandidate(OfferView o, Want want, DateTimeOffset now) =>
        ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass)
        && want.AllRequiredTraits.All(o.Traits.Contains)
        && want.Minimums.All(o.Meets)
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
