using System.Text;

namespace Alliance.Governance.Ballots;

/// <summary>
/// The one tally engine: the outcome of a tally under a set of rules, with an explanation that shows each
/// formula with the actual numbers. Pure and exact: integers only, comparisons by cross-multiplication.
/// </summary>
public static class TallyEngine
{
    public sealed record Result(string Outcome, string Explanation)
    {
        public bool Approved => Outcome == Outcomes.Approved;
    }

    public static Result Decide(RuleParameters rules, Tally t)
    {
        var why = new StringBuilder();
        why.Append($"Counted: yes {t.Yes}, no {t.No}, abstain {t.Abstain}");
        if (t.NoObjection + t.Block > 0 || rules.Positions.Any(p => p.Category == Category.NoObjection)) why.Append($", no-objection {t.NoObjection}, block {t.Block}");
        why.Append($", recused {t.Recused}, no position {t.NoPosition}, invalid {t.Invalid}; non-binding yes {t.NonBindingYes}, no {t.NonBindingNo}, abstain {t.NonBindingAbstain}; eligible {t.Eligible}");
        if (rules.Meeting) why.Append($", present {t.Present}");
        why.Append(". ");
        if (t.Merged > 0) why.Append($"{t.Merged} ballot(s) identical to another of the same affiliation counted as one with it. ");

        if (rules.PresentQuorum is { } pq && !Check(why, "quorum: present", t.Present, pq, t.Eligible, "eligible", strict: false))
            return Done(why, Outcomes.NoQuorum);
        if (rules.ReturnQuorum is { } rq && !Check(why, "return: yes+no+abstain", t.Returned, rq, t.Eligible, "eligible", strict: false))
            return Done(why, Outcomes.Rejected);
        if (rules.AbstainCeiling is { } ac && !CheckBelow(why, "abstentions", t.Abstain, ac, t.Returned, "returned"))
            return Done(why, Outcomes.Rejected);

        var passed = true;
        if (rules.MinimumYes > 0)
        {
            var ok = t.Yes >= rules.MinimumYes;
            why.Append($"Binding yes {t.Yes} ≥ {rules.MinimumYes}: {Mark(ok)}. ");
            passed &= ok;
        }
        if (rules.NoIsVeto && t.No > 0) { why.Append($"{t.No} valid veto(es): blocks. "); passed = false; }
        if (rules.BlockIsVeto && t.Block > 0) { why.Append($"{t.Block} blocking position(s): blocks. "); passed = false; }

        if (rules.NegativeCap is { } cap)
        {
            var (negatives, positives) = rules.NegativeCapCountsNonBinding ? (t.No + t.NonBindingNo, t.Yes + t.NonBindingYes) : (t.No, t.Yes);
            var of = rules.NegativeCapOf == Base.Cast ? positives + negatives : BaseValue(rules.NegativeCapOf, t);
            if (of == 0 && rules.NegativeCapOf == Base.Cast) { why.Append("Nobody voted yes or no. "); return Done(why, rules.NoVotesOutcome); }
            passed &= rules.NegativeCapStrict
                ? CheckBelow(why, "negatives", negatives, cap, of, BaseName(rules.NegativeCapOf, rules.NegativeCapCountsNonBinding))
                : CheckAtMost(why, "negatives", negatives, cap, of, BaseName(rules.NegativeCapOf, rules.NegativeCapCountsNonBinding));
        }

        if (rules.Threshold is { } threshold)
        {
            var (support, against) = rules.ThresholdCountsNonBinding ? (t.Support + t.NonBindingYes, t.No + t.NonBindingNo) : (t.Support, t.No);
            var of = rules.ThresholdOf == Base.Cast ? support + against : BaseValue(rules.ThresholdOf, t);
            // "More for than against" splits three ways (more for, more against, equally divided), and 0 : 0 is
            // equally divided: the body's tie rule decides it (W3C appeal: the decision stands; JTC 1: further
            // discussion; W3C Council: the chair). Any other share of a zero base has no answer of its own.
            var forAgainst = rules.ThresholdOf == Base.Cast && rules.ThresholdStrict && threshold is { Numerator: 1, Denominator: 2 };
            if (of == 0 && !forAgainst) { why.Append($"The base ({BaseName(rules.ThresholdOf, false)}) is zero. "); return Done(why, rules.NoVotesOutcome); }
            var met = Check(why, rules.Positions.Any(p => p.Category == Category.NoObjection) ? "yes+no-objection" : "yes", support, threshold, of,
                BaseName(rules.ThresholdOf, rules.ThresholdCountsNonBinding), rules.ThresholdStrict);
            if (!met && passed && forAgainst && support == against)
            {
                why.Append(support == 0 ? "Nobody voted for or against: 0 : 0 is equally divided. " : $"Tie ({support} : {against}). ");
                return Done(why, rules.TieOutcome);
            }
            passed &= met;
        }
        return Done(why, passed ? rules.ApprovedOutcome : Outcomes.Rejected);
    }

    private static Result Done(StringBuilder why, string outcome) => new(outcome, why.Append($"Outcome: {outcome}.").ToString());

    private static bool Check(StringBuilder why, string what, int value, Ratio share, int of, string ofName, bool strict)
    {
        // value ≥ (or >) share × of  ⇔  value·den ≥ (or >) num·of
        var (left, right) = ((long)value * share.Denominator, (long)share.Numerator * of);
        var ok = strict ? left > right : left >= right;
        why.Append($"{what} {value} {(strict ? ">" : "≥")} {share} of {ofName} {of} ⇔ {value}·{share.Denominator} = {left} {(strict ? ">" : "≥")} {share.Numerator}·{of} = {right}: {Mark(ok)}. ");
        return ok;
    }

    private static bool CheckAtMost(StringBuilder why, string what, int value, Ratio share, int of, string ofName)
    {
        var (left, right) = ((long)value * share.Denominator, (long)share.Numerator * of);
        var ok = left <= right;
        why.Append($"{what} {value} ≤ {share} of {ofName} {of} ⇔ {left} ≤ {right}: {Mark(ok)}. ");
        return ok;
    }

    private static bool CheckBelow(StringBuilder why, string what, int value, Ratio share, int of, string ofName)
    {
        var (left, right) = ((long)value * share.Denominator, (long)share.Numerator * of);
        var ok = left < right;
        why.Append($"{what} {value} < {share} of {ofName} {of} ⇔ {left} < {right}: {Mark(ok)}. ");
        return ok;
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

    private static string BaseName(Base b, bool withNonBinding) => b switch
    {
        Base.Cast => withNonBinding ? "all yes+no, non-binding included" : "yes+no",
        Base.Eligible => "eligible voters",
        Base.EligibleLessRecused => "eligible less recused",
        Base.Present => "present",
        Base.Returned => "returned (yes+no+abstain)",
        _ => b.ToString(),
    };

    private static string Mark(bool ok) => ok ? "met" : "not met";
}
