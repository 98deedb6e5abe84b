namespace Alliance.Governance.OpenSource.Spdx;

/// <summary>A parsed SPDX licence expression (SPDX 2.3 Annex D), with canonical ids; ToString writes it back canonically.</summary>
public abstract record SpdxExpression
{
    /// <summary>Every licence term (with its exception, if any) from left to right.</summary>
    public abstract IEnumerable<SpdxTerm> Terms();
}

/// <summary>
/// One licence: a list id (OrLater for "id+"), or a LicenseRef-… (IsReference); Exception is the id after WITH
/// (a list exception or an AdditionRef-…).
/// </summary>
public sealed record SpdxTerm(string Id, bool OrLater, bool IsReference, string? Exception) : SpdxExpression
{
    public string Licence => OrLater ? Id + "+" : Id;

    public override IEnumerable<SpdxTerm> Terms() => [this];

    public override string ToString() => Exception is null ? Licence : $"{Licence} WITH {Exception}";
}

/// <summary>AND or OR of two sides.</summary>
public sealed record SpdxCompound(string Operator, SpdxExpression Left, SpdxExpression Right) : SpdxExpression
{
    public const string And = "AND";
    public const string Or = "OR";

    public override IEnumerable<SpdxTerm> Terms() => Left.Terms().Concat(Right.Terms());

    // Parentheses only where precedence needs them: an OR inside an AND.
    public override string ToString() => $"{Side(Left)} {Operator} {Side(Right)}";

    private string Side(SpdxExpression side) => Operator == And && side is SpdxCompound { Operator: Or } ? $"({side})" : side.ToString()!;
}

/// <summary>A problem at a place in the text: Position is 1-based (the first character is 1).</summary>
/// <summary>
/// Code names the kind of issue (unknown-licence, ends-early, …) so that a reader's language can say it; Hint is
/// the one value the message adds (the suggested or replacing ids, the limit, the operator in capitals), or null.
/// </summary>
public sealed record SpdxIssue(int Position, string Token, string Message, string Code = "syntax", string? Hint = null);

public sealed record SpdxParse(string Input, SpdxExpression? Expression, IReadOnlyList<SpdxIssue> Errors, IReadOnlyList<SpdxIssue> Warnings)
{
    public bool Valid => Expression is not null && Errors.Count == 0;
}
