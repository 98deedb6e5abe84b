using Alliance.Market.Matching;
using Alliance.Market.Sites;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Alliance.Market.Tests;

/// <summary>Invariants of matching over random markets: what it returns, how it orders, and that every removed offer is accounted for.</summary>
public sealed class MatcherPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Classes = ["VCPU", "ACCELERATOR:11111111-1111-1111-1111-111111111111", "ACCELERATOR:22222222-2222-2222-2222-222222222222"];
    private static readonly string[] Traits = ["CERT:ACI@1.0", "CERT:ACI@2.0", "CERT:K8S@v1.30"];
    // A throughput (higher is better) and a latency (lower is better).
    private static readonly (string Trait, bool HigherIsBetter)[] Evals = [("EVAL:resnet/Offline", true), ("EVAL:resnet/SingleStream", false)];
    private static readonly string[] Regions = ["CN", "CN-GZ", "CN-NM", "DE"];

    private static Gen<OfferView> Offers =>
        from cls in Gen.Elements(Classes)
        from region in Gen.Elements(Regions)
        from total in Gen.Choose(0, 40)
        from reserved in Gen.Choose(0, 10)
        from leased in Gen.Choose(0, 40)
        from units in Gen.Choose(1, 40)
        from fromOffer in Gen.Choose(0, 10)
        from min in Gen.Choose(1, 4)
        from step in Gen.Choose(1, 4)
        from price in Gen.Choose(1, 20)
        from currency in Gen.Elements("CNY", "CNY", "USD")
        from start in Gen.Choose(-48, 48)
        from length in Gen.Choose(1, 96)
        from traits in Gen.SubListOf(Traits)
        from evals in Gen.SubListOf(Evals)
        from scores in Gen.ArrayOf(Gen.Choose(1, 10), 2)
        let scored = evals.Select((e, i) => new EvaluationScore(e.Trait, scores[i], e.HigherIsBetter ? "Samples/s" : "ms", e.HigherIsBetter, $"v4.1-{i:0000}"))
            .ToDictionary(e => e.Trait)
        select new OfferView(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), region, cls, units, fromOffer, price, currency, Now.AddHours(start),
            Now.AddHours(start + length), total >= reserved ? new Inventory(cls, total, reserved, min, Math.Max(min, total), step) : null,
            Math.Min(leased, Math.Max(0, total - reserved)), [.. traits, .. scored.Keys], scored);

    private static Gen<Want> Wants =>
        from cls in Gen.Elements([.. Classes, "ACCELERATOR"])
        from units in Gen.Choose(1, 12)
        from traits in Gen.SubListOf(Traits)
        from max in Gen.Choose(1, 20)
        from start in Gen.Choose(-24, 48)
        from length in Gen.Choose(1, 96)
        from regions in Gen.SubListOf(Regions)
        from evals in Gen.SubListOf(Evals.Select(e => e.Trait))
        from minimums in Gen.SubListOf(Evals.Select(e => e.Trait))
        from thresholds in Gen.ArrayOf(Gen.Choose(1, 10), 2)
        select new Want(cls, units, [.. traits, .. evals], max, "CNY", Now.AddHours(start), Now.AddHours(start + length), regions.ToArray(),
            minimums.Select((t, i) => new MinimumScore(t, thresholds[i])).ToArray());

    private static Arbitrary<(Want, OfferView[])> Markets => (from want in Wants from offers in Gen.ArrayOf(Offers) select (want, offers)).ToArbitrary();

    [Fact]
    public void Every_candidate_passes_every_filter_and_every_offer_that_passes_is_a_candidate() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var result = Matcher.Match(want, offers, Now);
            var expected = offers.Where(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass) && want.RequiredTraits.All(o.Traits.Contains)
                && want.Minimums.All(m => o.Scores!.TryGetValue(m.Trait, out var s) && (s.HigherIsBetter ? s.Score >= m.Score : s.Score <= m.Score))
                && o.Inventory is { } i && Math.Min(i.Total - i.Reserved - o.LeasedOfClass, o.OfferUnits - o.LeasedFromOffer) >= want.Units
                && want.Units >= i.MinUnit && want.Units <= i.MaxUnit && want.Units % i.StepSize == 0
                && o.Currency == want.Currency && o.PricePerUnitHour <= want.MaxPricePerUnitHour
                && (o.EndsAt < want.EndsAt ? o.EndsAt : want.EndsAt) > new[] { o.StartsAt, want.StartsAt, Now }.Max());
            return result.Candidates.Select(c => c.Offer.OfferId).Order().SequenceEqual(expected.Select(o => o.OfferId).Order());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Candidates_are_ordered_by_price_then_the_first_eval_traits_score_in_its_direction_then_region_preference() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var c = Matcher.Match(want, offers, Now).Candidates;
            // The ranking trait: the first EVAL trait the request requires (given, or through a minimum score); every candidate has it.
            var ranking = want.RequiredTraits.Concat(want.Minimums.Select(x => x.Trait)).FirstOrDefault(t => t.StartsWith("EVAL:"));
            double Better(Candidate x)
            {
                if (ranking is null) return 0;
                var s = x.Offer.Scores![ranking];
                return s.HigherIsBetter ? s.Score : -s.Score;
            }
            return c.All(x => ranking is null ? x.Score is null : x.Score == x.Offer.Scores![ranking])
                && c.Zip(c.Skip(1)).All(p => p.First.Offer.PricePerUnitHour < p.Second.Offer.PricePerUnitHour
                    || (p.First.Offer.PricePerUnitHour == p.Second.Offer.PricePerUnitHour && Better(p.First) > Better(p.Second))
                    || (p.First.Offer.PricePerUnitHour == p.Second.Offer.PricePerUnitHour && Better(p.First) == Better(p.Second) && p.First.RegionRank <= p.Second.RegionRank));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_score_filter_counts_exactly_the_offers_of_the_class_that_have_the_trait_and_score_worse() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var result = Matcher.Match(want, offers, Now);
            return want.Minimums.All(min =>
            {
                var worse = offers.Count(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass) && o.Scores!.TryGetValue(min.Trait, out var s)
                    && (s.HigherIsBetter ? s.Score < min.Score : s.Score > min.Score));
                var counted = result.Removed.Where(r => r.Filter == "score" && r.Detail == min.Trait).Sum(r => r.Offers);
                var lacking = offers.Count(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass) && !o.Traits.Contains(min.Trait));
                var lackCounted = result.Removed.Where(r => r.Filter == "trait" && r.Detail == min.Trait).Sum(r => r.Offers);
                return counted == worse && lackCounted == lacking;
            });
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_offer_that_is_not_a_candidate_is_counted_by_some_filter() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var result = Matcher.Match(want, offers, Now);
            var ofClass = offers.Count(o => ResourceClasses.Satisfies(o.ResourceClass, want.ResourceClass));
            var classRemoved = result.Removed.Where(r => r.Filter == "resource-class").Sum(r => r.Offers);
            var largest = result.Removed.Where(r => r.Filter != "resource-class").Select(r => r.Offers).DefaultIfEmpty(0).Max();
            var sum = result.Removed.Where(r => r.Filter != "resource-class").Sum(r => r.Offers);
            // Each non-candidate of the class fails at least one filter, and no filter counts more offers than there are.
            return classRemoved == offers.Length - ofClass && sum >= ofClass - result.Candidates.Count && largest <= ofClass - result.Candidates.Count
                && (result.Candidates.Count > 0) == (result.Why(want.ResourceClass) is null);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Requiring_one_more_trait_or_a_better_score_or_paying_less_never_adds_a_candidate() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var before = Matcher.Match(want, offers, Now).Candidates.Select(c => c.Offer.OfferId).ToHashSet();
            // Better in each metric's direction: a higher throughput, a lower latency; a trait without a minimum gets one.
            MinimumScore Stricter(MinimumScore x) => new(x.Trait, Evals.First(e => e.Trait == x.Trait).HigherIsBetter ? x.Score + 1 : x.Score - 1);
            var minimums = want.Minimums.Select(Stricter).ToList();
            if (minimums.Count == 0) minimums.Add(new MinimumScore(Evals[0].Trait, 5));
            var stricter = want with
            {
                RequiredTraits = [.. want.RequiredTraits, Traits[0]],
                MaxPricePerUnitHour = want.MaxPricePerUnitHour - 1,
                MinimumScores = [.. minimums],
            };
            return Matcher.Match(stricter, offers, Now).Candidates.All(c => before.Contains(c.Offer.OfferId));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void The_order_of_the_offers_does_not_change_the_answer() =>
        Prop.ForAll(Markets, m =>
        {
            var (want, offers) = m;
            var forward = Matcher.Match(want, offers, Now);
            var backward = Matcher.Match(want, offers.Reverse().ToArray(), Now);
            return forward.Candidates.Select(c => c.Offer.OfferId).SequenceEqual(backward.Candidates.Select(c => c.Offer.OfferId))
                && forward.Removed.SequenceEqual(backward.Removed);
        }).QuickCheckThrowOnFailure();
}
