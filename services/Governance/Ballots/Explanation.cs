namespace Alliance.Governance.Ballots;

/// <summary>A counter as the explanation shows it: its name (yes, no-position, non-binding-yes, eligible…) and value.</summary>
public sealed record Counter(string Name, long Value);

/// <summary>
/// One step of a tally's explanation as data, so that a client can render it in any language and check the arithmetic.
/// Kind: counted (Counters), check (Measure Value Comparison Share of Base BaseValue ⇔ Left Comparison Right: Met),
/// minimum-yes (Value ≥ Right), veto and block (Value), nobody-voted, zero-base (Base), tie (Value : Right),
/// outcome (Outcome), chair-decided (Outcome, Reason as the chair wrote it).
/// </summary>
public sealed record ExplanationPart(
    string Kind, IReadOnlyList<Counter>? Counters = null, string? Measure = null, string? Comparison = null, long? Value = null, string? Share = null,
    string? Base = null, long? BaseValue = null, long? Left = null, long? Right = null, bool? Met = null, string? Outcome = null, string? Reason = null);

/// <summary>Collects the parts of an explanation while the engine decides.</summary>
public sealed class ExplanationBuilder
{
    private readonly List<ExplanationPart> _parts = [];

    public IReadOnlyList<ExplanationPart> Parts => _parts;

    public void Add(ExplanationPart part) => _parts.Add(part);

    public void Counted(RuleParameters rules, Tally t)
    {
        var counters = new List<Counter> { new("yes", t.Yes), new("no", t.No), new("abstain", t.Abstain) };
        if (t.NoObjection + t.Block > 0 || rules.Positions.Any(p => p.Category == Category.NoObjection))
            counters.AddRange([new("no-objection", t.NoObjection), new("block", t.Block)]);
        counters.AddRange([new("recused", t.Recused), new("no-position", t.NoPosition), new("invalid", t.Invalid),
            new("non-binding-yes", t.NonBindingYes), new("non-binding-no", t.NonBindingNo), new("non-binding-abstain", t.NonBindingAbstain), new("eligible", t.Eligible)]);
        if (rules.Meeting) counters.Add(new("present", t.Present));
        _parts.Add(new("counted", Counters: counters));
    }

    public bool Check(string measure, long value, string comparison, Ratio share, string baseName, long of)
    {
        var (left, right) = (value * share.Denominator, (long)share.Numerator * of);
        var met = comparison switch { ">" => left > right, "≥" => left >= right, "≤" => left <= right, _ => left < right };
        _parts.Add(new("check", Measure: measure, Comparison: comparison, Value: value, Share: share.ToString(), Base: baseName, BaseValue: of, Left: left, Right: right, Met: met));
        return met;
    }
}
