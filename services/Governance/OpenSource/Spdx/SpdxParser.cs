using System.Text.RegularExpressions;

namespace Alliance.Governance.OpenSource.Spdx;

/// <summary>
/// Parses SPDX licence expressions by the grammar of SPDX 2.3 Annex D. Precedence, tightest first: "+", WITH,
/// AND, OR; parentheses group. Operators are capitals; ids match the list case-insensitively and come back in
/// their canonical case. A syntax error stops the parse; unknown ids are all reported, each with its position.
/// </summary>
public sealed partial class SpdxParser(SpdxList list)
{
    public const int MaxLength = 4000;
    private const int MaxDepth = 64;

    public static readonly SpdxParser Default = new(SpdxList.Embedded);

    private enum Kind { Word, Open, Close, And, Or, With, End }

    private sealed record Token(Kind Kind, string Text, int Position);

    private sealed class SyntaxError(int position, string token, string message, string code, string? hint = null) : Exception(message)
    {
        public SpdxIssue Issue { get; } = new(position, token, message, code, hint);
    }

    public SpdxParse Parse(string? input)
    {
        var text = input ?? "";
        if (string.IsNullOrWhiteSpace(text)) return Failed(text, new SpdxIssue(1, "", "The expression is empty.", "empty"));
        if (text.Length > MaxLength) return Failed(text, new SpdxIssue(MaxLength + 1, "", $"The expression is longer than {MaxLength} characters.", "too-long", MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            var run = new Run(list, Tokenize(text));
            var expression = run.Expression();
            return new SpdxParse(text, expression, run.Errors, run.Warnings);
        }
        catch (SyntaxError e)
        {
            return Failed(text, e.Issue);
        }
    }

    private static SpdxParse Failed(string text, SpdxIssue issue) => new(text, null, [issue], []);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(new(c == '(' ? Kind.Open : Kind.Close, c.ToString(), i + 1)); i++; continue; }
            if (!IsWordChar(c)) throw new SyntaxError(i + 1, c.ToString(), $"Unexpected character '{c}' at {i + 1}: ids use letters, digits, '-' and '.'.", "unexpected-character");
            if (c == '+') throw new SyntaxError(i + 1, "+", $"'+' at {i + 1} must follow a licence id without a space.", "plus-after-space");
            var start = i;
            while (i < text.Length && IsWordChar(text[i])) i++;
            var word = text[start..i];
            tokens.Add(new(word switch { "AND" => Kind.And, "OR" => Kind.Or, "WITH" => Kind.With, _ => Kind.Word }, word, start + 1));
        }
        tokens.Add(new(Kind.End, "", text.Length + 1));
        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or ':' or '+';

    [GeneratedRegex(@"^(DocumentRef-[A-Za-z0-9.\-]+:)?(LicenseRef|AdditionRef)-[A-Za-z0-9.\-]+$", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencePattern();

    /// <summary>One parse: a cursor over the tokens, and the id problems found on the way.</summary>
    private sealed class Run(SpdxList list, List<Token> tokens)
    {
        private int _next;
        public List<SpdxIssue> Errors { get; } = [];
        public List<SpdxIssue> Warnings { get; } = [];

        private Token Peek => tokens[_next];

        public SpdxExpression Expression()
        {
            var expression = Or(0);
            if (Peek.Kind != Kind.End)
                throw Unexpected(Peek, Peek.Kind == Kind.Word || Peek.Kind == Kind.Open
                    ? "licences are joined by AND, OR or WITH" : "the expression should end here");
            return expression;
        }

        private SpdxExpression Or(int depth)
        {
            var left = And(depth);
            while (Peek.Kind == Kind.Or) { _next++; left = new SpdxCompound(SpdxCompound.Or, left, And(depth)); }
            return left;
        }

        private SpdxExpression And(int depth)
        {
            var left = With(depth);
            while (Peek.Kind == Kind.And) { _next++; left = new SpdxCompound(SpdxCompound.And, left, With(depth)); }
            return left;
        }

        private SpdxExpression With(int depth)
        {
            var grouped = Peek.Kind == Kind.Open;
            var atom = Atom(depth);
            if (Peek.Kind != Kind.With) return atom;
            var with = tokens[_next++];
            if (grouped || atom is not SpdxTerm term)
                throw new SyntaxError(with.Position, with.Text, $"WITH at {with.Position} must follow a single licence, not a parenthesised expression.", "with-after-group");
            var exception = tokens[_next];
            if (exception.Kind != Kind.Word) throw Unexpected(exception, "an exception id follows WITH");
            _next++;
            if (Peek.Kind == Kind.With)
                throw new SyntaxError(Peek.Position, Peek.Text, $"A second WITH at {Peek.Position}: a licence takes one exception.", "second-with");
            return term with { Exception = ExceptionId(exception) };
        }

        private SpdxExpression Atom(int depth)
        {
            var token = Peek;
            if (token.Kind == Kind.Open)
            {
                if (depth >= MaxDepth) throw new SyntaxError(token.Position, "(", $"Parentheses nested deeper than {MaxDepth} at {token.Position}.", "too-deep", MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
                _next++;
                var inner = Or(depth + 1);
                if (Peek.Kind != Kind.Close) throw Unexpected(Peek, $"the '(' at {token.Position} is not closed");
                _next++;
                return inner;
            }
            if (token.Kind != Kind.Word) throw Unexpected(token, "a licence id or '(' is expected");
            _next++;
            return Licence(token);
        }

        private SpdxTerm Licence(Token token)
        {
            var text = token.Text;
            var orLater = text.EndsWith('+');
            var id = orLater ? text[..^1] : text;
            if (id.Contains('+') || id.Length == 0)
                throw new SyntaxError(token.Position, text, $"'{text}' at {token.Position}: '+' may only end a licence id.", "plus-inside-id");
            if (ReferencePattern().IsMatch(id))
            {
                if (!id.Contains("LicenseRef-", StringComparison.OrdinalIgnoreCase))
                    Errors.Add(new(token.Position, text, $"'{id}' at {token.Position} is an AdditionRef: it goes after WITH.", "addition-ref-as-licence"));
                if (orLater) Errors.Add(new(token.Position, text, $"'{text}' at {token.Position}: '+' applies to list licences, not to a LicenseRef.", "plus-on-licence-ref"));
                return new SpdxTerm(CanonicalReference(id), false, true, null);
            }
            if (list.FindLicence(id) is { } known)
            {
                if (known.Deprecated || list.FindLicence(text) is { Deprecated: true })
                    Warnings.Add(new(token.Position, text, $"'{text}' at {token.Position} is deprecated in the SPDX list{Replacement(known.Id, orLater)}.", "deprecated-licence", ReplacementIds(known.Id, orLater)));
                return new SpdxTerm(known.Id, orLater, false, null);
            }
            Errors.Add(list.FindException(id) is { } exception
                ? new(token.Position, text, $"'{exception.Id}' at {token.Position} is an exception id: it goes after WITH.", "exception-as-licence")
                : new(token.Position, text, $"Unknown licence id '{id}' at {token.Position}{Suggestion(id)}.", "unknown-licence", list.Suggest(id)));
            return new SpdxTerm(id, orLater, false, null);
        }

        private string ExceptionId(Token token)
        {
            var id = token.Text;
            if (ReferencePattern().IsMatch(id))
            {
                if (!id.Contains("AdditionRef-", StringComparison.OrdinalIgnoreCase))
                    Errors.Add(new(token.Position, id, $"'{id}' at {token.Position} is a LicenseRef; after WITH comes an exception id or an AdditionRef.", "licence-ref-as-exception"));
                return CanonicalReference(id);
            }
            if (list.FindException(id) is { } known)
            {
                if (known.Deprecated) Warnings.Add(new(token.Position, id, $"'{id}' at {token.Position} is a deprecated exception id in the SPDX list.", "deprecated-exception"));
                return known.Id;
            }
            Errors.Add(list.FindLicence(id) is not null
                ? new(token.Position, id, $"'{id}' at {token.Position} is a licence id, not an exception: after WITH comes an exception id.", "licence-as-exception")
                : new(token.Position, id, $"Unknown exception id '{id}' at {token.Position}.", "unknown-exception"));
            return id;
        }

        private string Suggestion(string id) => list.Suggest(id) is { } near ? $" (did you mean '{near}'?)" : "";

        // GPL-2.0 → GPL-2.0-only / GPL-2.0-or-later: the GNU family's old ids were split, the rest is named by the list.
        private string Replacement(string id, bool orLater) => ReplacementIds(id, orLater) is { } ids ? $"; use {ids.Replace(" ", " or ", StringComparison.Ordinal)}" : "";

        /// <summary>The ids to use instead, space-separated (the hint a translated message names), or null.</summary>
        private string? ReplacementIds(string id, bool orLater)
        {
            var later = list.FindLicence(id + "-or-later");
            var only = list.FindLicence(id + "-only");
            if (later is null || only is null) return null;
            return orLater || id.EndsWith('+') ? later.Id : $"{only.Id} {later.Id}";
        }

        private static string CanonicalReference(string id)
        {
            // Keep the user's idstring but the canonical prefixes: "documentref-a:licenseref-x" → "DocumentRef-a:LicenseRef-x".
            var parts = id.Split(':');
            static string Prefix(string part) =>
                part.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase) ? "DocumentRef-" + part[12..]
                : part.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) ? "LicenseRef-" + part[11..]
                : part.StartsWith("AdditionRef-", StringComparison.OrdinalIgnoreCase) ? "AdditionRef-" + part[12..]
                : part;
            return string.Join(':', parts.Select(Prefix));
        }

        private static SyntaxError Unexpected(Token token, string expectation) =>
            token.Kind == Kind.End ? new SyntaxError(token.Position, "", $"The expression ends too early at {token.Position}: {expectation}.", "ends-early")
            : token.Kind == Kind.Word && token.Text.ToUpperInvariant() is "AND" or "OR" or "WITH"
                ? new SyntaxError(token.Position, token.Text, $"'{token.Text}' at {token.Position}: operators are written in capitals ({token.Text.ToUpperInvariant()}).", "lowercase-operator", token.Text.ToUpperInvariant())
            : new SyntaxError(token.Position, token.Text, $"Unexpected '{token.Text}' at {token.Position}: {expectation}.", "unexpected-token");
    }
}
