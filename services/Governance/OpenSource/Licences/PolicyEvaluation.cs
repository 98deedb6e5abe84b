using Alliance.Governance.OpenSource.Spdx;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>A policy entry: a licence id, or "licence WITH exception" for a combination the policy judges apart.</summary>
public sealed record PolicyEntry(string Key, string Category, string? Note);

/// <summary>A term's verdict: Reason in words, ReasonCode with Licence and Note the same as data (see LicenceText).</summary>
public sealed record TermVerdict(string Term, string Category, string Reason, string? ReasonCode = null, string? Licence = null, string? Note = null);

/// <summary>The verdict on an expression: its category, the term that decided it, and why, in words (English) and as parts.</summary>
public sealed record Verdict(LicenceCategory Category, string DecidingTerm, string Explanation, IReadOnlyList<TermVerdict> Terms, IReadOnlyList<LicencePart> Parts)
{
    public string CategoryName => Category.Name();
}

/// <summary>
/// Judges a parsed expression by the policy. OR takes the best option (prefer A over B over X, as Apache says);
/// AND needs every term, so the weakest decides; a term WITH an exception is judged by its own policy entry when
/// there is one, else by its licence, because an SPDX exception only adds permissions. Ids the policy does not
/// name, and every LicenseRef, need review by a person.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>The policy keys an expression may look up, lower-cased: each licence and each "licence WITH exception".</summary>
    public static string[] KeysOf(SpdxExpression expression) =>
        expression.Terms().SelectMany(t => t.Exception is null ? [t.Id] : new[] { t.Id, $"{t.Id} WITH {t.Exception}" })
            .Select(k => k.ToLowerInvariant()).Distinct().ToArray();

    public static Verdict Evaluate(SpdxExpression expression, Func<string, PolicyEntry?> lookup)
    {
        var terms = new List<TermVerdict>();
        var (category, decider, parts) = Judge(expression, lookup, terms);
        return new Verdict(category, decider, LicenceText.Render(parts, chinese: false), terms, parts);
    }

    // The parts read as a chain: each compound's rule, then the term that decided it.
    private static (LicenceCategory, string, List<LicencePart>) Judge(SpdxExpression e, Func<string, PolicyEntry?> lookup, List<TermVerdict> terms)
    {
        switch (e)
        {
            case SpdxTerm term:
                var (category, code, licence, note) = JudgeTerm(term, lookup);
                var part = new LicencePart("term", term.ToString(), category.Name(), code, licence, note);
                terms.Add(new TermVerdict(term.ToString(), category.Name(), LicenceText.Reason(part, chinese: false), code, licence, note));
                return (category, term.ToString(), [part]);
            case SpdxCompound c:
                var sides = Flatten(c).Select(side => Judge(side, lookup, terms)).ToList();
                var pick = c.Operator == SpdxCompound.Or
                    ? sides.First(s => s.Item1 == sides.Max(x => x.Item1))
                    : sides.First(s => s.Item1 == sides.Min(x => x.Item1));
                return (pick.Item1, pick.Item2, [new LicencePart(c.Operator == SpdxCompound.Or ? "or" : "and"), .. pick.Item3]);
            default:
                throw new ArgumentOutOfRangeException(nameof(e));
        }
    }

    // "A OR B OR C" parses as ((A OR B) OR C); judging it as one list of three options reads better.
    private static IEnumerable<SpdxExpression> Flatten(SpdxCompound c) =>
        new[] { c.Left, c.Right }.SelectMany(side => side is SpdxCompound inner && inner.Operator == c.Operator ? Flatten(inner) : [side]);

    private static (LicenceCategory, string Code, string? Licence, string? Note) JudgeTerm(SpdxTerm term, Func<string, PolicyEntry?> lookup)
    {
        if (term.IsReference) return (LicenceCategory.NeedsReview, "licence-ref", null, null);
        if (term.Exception is not null && lookup($"{term.Id} WITH {term.Exception}".ToLowerInvariant()) is { } combined)
            return (LicenceCategories.Parse(combined.Category), "named-combination", null, NoteOf(combined));
        if (lookup(term.Id.ToLowerInvariant()) is not { } entry)
            return (LicenceCategory.NeedsReview, "not-in-policy", term.Id, null);
        var code = term.Exception is not null ? "exception-adds-permissions" : term.OrLater ? "or-later" : "policy";
        return (LicenceCategories.Parse(entry.Category), code, term.Id, NoteOf(entry));
    }

    private static string? NoteOf(PolicyEntry entry) => entry.Note is { Length: > 0 } note ? note : null;
}
