namespace Alliance.Governance.Ballots;

/// <summary>
/// The one tally engine: the outcome of a tally under a set of rules, with an explanation that shows each
/// formula with the actual numbers. Pure and exact: integers only, comparisons by cross-multiplication.
/// </summary>
public static class TallyEngine
{
    public sealed record Result(string Outcome, string Explanation, IReadOnlyList<ExplanationPart> Parts)
    {
        public bool Approved => Outcome == Outcomes.Approved;
    }

    public static Result Decide(RuleParameters rules, Tally t)
    {
        var why = new ExplanationBuilder();
        why.Counted(rules, t);
        if (t.Merged > 0) why.Add(new("merged", Value: t.Merged));

        if (rules.PresentQuorum is { } pq && !why.Check("quorum-present", t.Present, "≥", pq, "eligible", t.Eligible))
            return Done(why, Outcomes.NoQuorum);
        if (rules.ReturnQuorum is { } rq && !why.Check("returned", t.Returned, "≥", rq, "eligible", t.Eligible))
            return Done(why, Outcomes.Rejected);
        if (rules.AbstainCeiling is { } ac && !why.Check("abstentions", t.Abstain, "<", ac, "returned", t.Returned))
            return Done(why, Outcomes.Rejected);

        var passed = true;
        if (rules.MinimumYes > 0)
        {
            var ok = t.Yes >= rules.MinimumYes;
            why.Add(new("minimum-yes", Value: t.Yes, Right: rules.MinimumYes, Met: ok));
            passed &= ok;
        }
        if (rules.NoIsVeto && t.No > 0) { why.Add(new("veto", Value: t.No)); passed = false; }
        if (rules.BlockIsVeto && t.Block > 0) { why.Add(new("block", Value: t.Block)); passed = false; }

        if (rules.NegativeCap is { } cap)
        {
            var (negatives, positives) = rules.NegativeCapCountsNonBinding ? (t.No + t.NonBindingNo, t.Yes + t.NonBindingYes) : (t.No, t.Yes);
            var of = rules.NegativeCapOf == Base.Cast ? positives + negatives : BaseValue(rules.NegativeCapOf, t);
            if (of == 0 && rules.NegativeCapOf == Base.Cast) { why.Add(new("nobody-voted")); return Done(why, rules.NoVotesOutcome); }
            passed &= why.Check("negatives", negatives, rules.NegativeCapStrict ? "<" : "≤", cap, BaseName(rules.NegativeCapOf, rules.NegativeCapCountsNonBinding), of);
        }

        if (rules.Threshold is { } threshold)
        {
            var (support, against) = rules.ThresholdCountsNonBinding ? (t.Support + t.NonBindingYes, t.No + t.NonBindingNo) : (t.Support, t.No);
            var of = rules.ThresholdOf == Base.Cast ? support + against : BaseValue(rules.ThresholdOf, t);
            // "More for than against" splits three ways (more for, more against, equally divided), and 0 : 0 is
            // equally divided: the body's tie rule decides it (W3C appeal: the decision stands; JTC 1: further
            // discussion; W3C Council: the chair). Any other share of a zero base has no answer of its own.
            var forAgainst = rules.ThresholdOf == Base.Cast && rules.ThresholdStrict && threshold is { Numerator: 1, Denominator: 2 };
            if (of == 0 && !forAgainst) { why.Add(new("zero-base", Base: BaseName(rules.ThresholdOf, false))); return Done(why, rules.NoVotesOutcome); }
            var met = why.Check(rules.Positions.Any(p => p.Category == Category.NoObjection) ? "yes+no-objection" : "yes", support, rules.ThresholdStrict ? ">" : "≥",
                threshold, BaseName(rules.ThresholdOf, rules.ThresholdCountsNonBinding), of);
            if (!met && passed && forAgainst && support == against)
            {
                why.Add(support == 0 ? new("equally-divided") : new("tie", Value: support, Right: against));
                return Done(why, rules.TieOutcome);
            }
            passed &= met;
        }
        return Done(why, passed ? rules.ApprovedOutcome : Outcomes.Rejected);
    }

    private static Result Done(ExplanationBuilder why, string outcome)
    {
        why.Add(new("outcome", Outcome: outcome));
        return new(outcome, ExplanationText.Render(why.Parts, chinese: false), why.Parts);
    }

    private static int BaseValue(Base b, Tally t) => b switch
    {
        Base.Cast => t.Cast,
        Base.Eligible => t.Eligible,
        Base.EligibleLessRecused => t.Eligible - t.Recused,
        Base.Present => t.Present,
        Base.Returned => t.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(b)),
    };

    // The base's code in the explanation's parts (ExplanationText names it in words).
    private static string BaseName(Base b, bool withNonBinding) => b switch
    {
        Base.Cast => withNonBinding ? "cast-with-non-binding" : "cast",
        Base.Eligible => "eligible",
        Base.EligibleLessRecused => "eligible-less-recused",
        Base.Present => "present",
        Base.Returned => "returned",
        _ => b.ToString(),
    };
}
