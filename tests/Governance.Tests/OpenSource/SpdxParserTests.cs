using Alliance.Governance.OpenSource.Spdx;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

public sealed class SpdxParserTests
{
    private static readonly SpdxParser Parser = SpdxParser.Default;

    private static SpdxExpression Valid(string text)
    {
        var parsed = Parser.Parse(text);
        Assert.True(parsed.Valid, $"'{text}': {string.Join(" | ", parsed.Errors.Select(e => e.Message))}");
        return parsed.Expression!;
    }

    private static SpdxIssue SingleError(string text)
    {
        var parsed = Parser.Parse(text);
        Assert.False(parsed.Valid);
        return Assert.Single(parsed.Errors);
    }

    [Theory]
    [InlineData("mit", "MIT")]
    [InlineData("apache-2.0", "Apache-2.0")]
    [InlineData("  BSD-3-CLAUSE  ", "BSD-3-Clause")]
    [InlineData("gpl-2.0-or-later WITH classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0")]
    public void Ids_match_case_insensitively_and_come_back_canonical(string input, string expected) =>
        Assert.Equal(expected, Valid(input).ToString());

    [Fact]
    public void Lower_case_operators_are_refused_with_a_hint()
    {
        var error = SingleError("MIT and Apache-2.0");

        Assert.Equal(5, error.Position);
        Assert.Contains("operators are written in capitals (AND)", error.Message);
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var e = Valid("LGPL-2.1-only OR BSD-3-Clause AND MIT");

        var or = Assert.IsType<SpdxCompound>(e);
        Assert.Equal("OR", or.Operator);
        Assert.Equal("LGPL-2.1-only", or.Left.ToString());
        var and = Assert.IsType<SpdxCompound>(or.Right);
        Assert.Equal("AND", and.Operator);
        Assert.Equal("LGPL-2.1-only OR BSD-3-Clause AND MIT", e.ToString());
    }

    [Fact]
    public void Parentheses_override_precedence_and_are_kept_where_needed()
    {
        var e = Valid("(LGPL-2.1-only OR BSD-3-Clause) AND MIT");

        var and = Assert.IsType<SpdxCompound>(e);
        Assert.Equal("AND", and.Operator);
        Assert.Equal("OR", Assert.IsType<SpdxCompound>(and.Left).Operator);
        Assert.Equal("(LGPL-2.1-only OR BSD-3-Clause) AND MIT", e.ToString());
        Assert.Equal("MIT OR Apache-2.0", Valid("((MIT) OR (Apache-2.0))").ToString());
    }

    [Fact]
    public void With_binds_tighter_than_and_and_plus_tighter_than_with()
    {
        var e = Assert.IsType<SpdxCompound>(Valid("GPL-2.0-or-later WITH Classpath-exception-2.0 AND MIT"));
        var left = Assert.IsType<SpdxTerm>(e.Left);
        Assert.Equal(("GPL-2.0-or-later", "Classpath-exception-2.0"), (left.Id, left.Exception));

        var plus = Assert.IsType<SpdxTerm>(Valid("LGPL-2.0-only+ WITH GCC-exception-2.0"));
        Assert.True(plus.OrLater);
        Assert.Equal("GCC-exception-2.0", plus.Exception);
    }

    [Fact]
    public void Or_later_ids_parse_and_deprecated_ones_are_flagged_with_their_replacement()
    {
        var parsed = Parser.Parse("GPL-2.0+ OR Apache-1.0+");

        Assert.True(parsed.Valid);
        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(1, warning.Position);
        Assert.Contains("deprecated", warning.Message);
        Assert.Contains("GPL-2.0-or-later", warning.Message);
        Assert.All(parsed.Expression!.Terms(), t => Assert.True(t.OrLater));
    }

    [Fact]
    public void A_deprecated_gnu_id_suggests_both_successors()
    {
        var warning = Assert.Single(Parser.Parse("GPL-2.0").Warnings);

        Assert.Contains("use GPL-2.0-only or GPL-2.0-or-later", warning.Message);
    }

    [Theory]
    [InlineData("LicenseRef-Proprietary", "LicenseRef-Proprietary")]
    [InlineData("licenseref-acme-1", "LicenseRef-acme-1")]
    [InlineData("DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2")]
    [InlineData("MIT WITH AdditionRef-acme-linking", "MIT WITH AdditionRef-acme-linking")]
    public void References_are_valid_terms(string input, string canonical)
    {
        var e = Valid(input);

        Assert.Equal(canonical, e.ToString());
        Assert.Equal(input.Contains("LicenseRef", StringComparison.OrdinalIgnoreCase), Assert.IsType<SpdxTerm>(e).IsReference);
    }

    [Fact]
    public void Every_unknown_id_is_reported_with_its_position()
    {
        var parsed = Parser.Parse("Foo-1 OR (MIT AND Bar-2)");

        Assert.False(parsed.Valid);
        Assert.Equal([(1, "Foo-1"), (19, "Bar-2")], parsed.Errors.Select(e => (e.Position, e.Token)));
        Assert.All(parsed.Errors, e => Assert.StartsWith("Unknown licence id", e.Message));
    }

    [Fact]
    public void A_near_miss_suggests_the_id_meant()
    {
        Assert.Contains("did you mean 'Apache-2.0'?", SingleError("Apache2").Message);
        Assert.Contains("did you mean 'BSD-3-Clause'?", SingleError("BSD3-Clause").Message);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("MIT AND", 8, "ends too early")]
    [InlineData("(MIT OR Apache-2.0", 19, "'(' at 1 is not closed")]
    [InlineData("MIT)", 4, "should end here")]
    [InlineData("MIT Apache-2.0", 5, "joined by AND, OR or WITH")]
    [InlineData("GPL-2.0-only +", 14, "'+' at 14 must follow a licence id without a space")]
    [InlineData("(MIT OR Apache-2.0) WITH Classpath-exception-2.0", 21, "must follow a single licence")]
    [InlineData("MIT WITH", 9, "an exception id follows WITH")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0 WITH GCC-exception-2.0", 43, "takes one exception")]
    [InlineData("MIT; rm -rf /", 4, "Unexpected character ';'")]
    [InlineData("MIT OR OR Apache-2.0", 8, "a licence id or '(' is expected")]
    [InlineData("GPL+2.0", 1, "'+' may only end a licence id")]
    public void Syntax_errors_stop_the_parse_and_say_where(string input, int position, string message)
    {
        var error = SingleError(input);

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("MIT WITH Apache-2.0", 10, "is a licence id, not an exception")]
    [InlineData("Classpath-exception-2.0", 1, "is an exception id: it goes after WITH")]
    [InlineData("MIT WITH No-Such-exception", 10, "Unknown exception id")]
    [InlineData("LicenseRef-acme+", 1, "'+' applies to list licences")]
    [InlineData("MIT WITH LicenseRef-acme", 10, "is a LicenseRef; after WITH")]
    public void Ids_in_the_wrong_place_are_errors_naming_the_id(string input, int position, string message)
    {
        var error = SingleError(input);

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("", "empty", null)]
    [InlineData("MIT AND", "ends-early", null)]
    [InlineData("MIT)", "unexpected-token", null)]
    [InlineData("GPL-2.0-only +", "plus-after-space", null)]
    [InlineData("(MIT OR Apache-2.0) WITH Classpath-exception-2.0", "with-after-group", null)]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0 WITH GCC-exception-2.0", "second-with", null)]
    [InlineData("MIT; rm -rf /", "unexpected-character", null)]
    [InlineData("GPL+2.0", "plus-inside-id", null)]
    [InlineData("MIT or Apache-2.0", "lowercase-operator", "OR")]
    [InlineData("MIT WITH Apache-2.0", "licence-as-exception", null)]
    [InlineData("Classpath-exception-2.0", "exception-as-licence", null)]
    [InlineData("MIT WITH No-Such-exception", "unknown-exception", null)]
    [InlineData("LicenseRef-acme+", "plus-on-licence-ref", null)]
    [InlineData("MIT WITH LicenseRef-acme", "licence-ref-as-exception", null)]
    [InlineData("AdditionRef-acme", "addition-ref-as-licence", null)]
    [InlineData("Apache2", "unknown-licence", "Apache-2.0")]
    public void Every_error_names_its_kind_and_the_one_value_a_translation_needs(string input, string code, string? hint)
    {
        var error = SingleError(input);

        Assert.Equal((code, hint), (error.Code, error.Hint));
    }

    [Fact]
    public void A_deprecated_id_is_a_warning_whose_hint_names_the_ids_to_use()
    {
        var warning = Assert.Single(SpdxParser.Default.Parse("GPL-2.0").Warnings);

        Assert.Equal(("deprecated-licence", "GPL-2.0-only GPL-2.0-or-later"), (warning.Code, warning.Hint));
        Assert.Contains("use GPL-2.0-only or GPL-2.0-or-later", warning.Message); // the English sentence is unchanged
    }

    [Fact]
    public void Hostile_input_is_refused_without_overflowing_the_stack()
    {
        var deep = new string('(', 10_000) + "MIT" + new string(')', 10_000);
        var nested = new string('(', 100) + "MIT" + new string(')', 100);

        Assert.Contains("longer than", SingleError(deep).Message);
        Assert.Contains("nested deeper than 64", SingleError(nested).Message);
        Assert.Equal("MIT", Valid(new string('(', 60) + "MIT" + new string(')', 60)).ToString());
    }

    [Fact]
    public void Every_licence_id_of_the_embedded_list_parses_in_any_case()
    {
        var list = SpdxList.Embedded;
        Assert.True(list.Licences.Count > 600, $"{list.Licences.Count} licences");
        Assert.All(list.Licences, l =>
        {
            Assert.Equal(l.Id, Valid(l.Id).ToString());
            Assert.Equal(l.Id, Valid(l.Id.ToLowerInvariant()).ToString());
            Assert.Equal(l.Deprecated, Parser.Parse(l.Id).Warnings.Count > 0);
        });
    }

    [Fact]
    public void Every_exception_id_of_the_embedded_list_parses_after_with()
    {
        Assert.All(SpdxList.Embedded.Exceptions, x =>
            Assert.Equal($"GPL-2.0-or-later WITH {x.Id}", Valid($"GPL-2.0-or-later WITH {x.Id.ToUpperInvariant()}").ToString()));
    }

    [Fact]
    public void The_older_list_in_the_shared_data_agrees_with_the_embedded_one()
    {
        // ../shared/data/spdx-licenses.csv is an independent transcription of an older SPDX list (see its README).
        var rows = SharedData.Rows("spdx-licenses.csv");
        Assert.Equal(560, rows.Count);
        var missing = rows.Where(r => SpdxList.Embedded.FindLicence(r["licenseId"]) is null).Select(r => r["licenseId"]).ToList();
        Assert.Empty(missing);
        // A deprecation is never undone; Net-SNMP is the one id deprecated only in the later list (spdx.README.md).
        var deprecatedThen = rows.Where(r => r["isDeprecatedLicenseId"] == "true").Select(r => r["licenseId"]);
        Assert.All(deprecatedThen, id => Assert.True(SpdxList.Embedded.FindLicence(id)!.Deprecated, id));
        var newlyDeprecated = rows.Where(r => r["isDeprecatedLicenseId"] == "false" && SpdxList.Embedded.FindLicence(r["licenseId"])!.Deprecated).Select(r => r["licenseId"]);
        Assert.Equal(["Net-SNMP"], newlyDeprecated);
        Assert.All(SharedData.Rows("spdx-exceptions.csv"), r => Assert.NotNull(SpdxList.Embedded.FindException(r["licenseExceptionId"])));
    }

    private static readonly string[] Ids = ["MIT", "Apache-2.0", "GPL-2.0-only", "BSD-3-Clause", "MPL-2.0", "LicenseRef-acme", "ISC"];

    private static Gen<SpdxExpression> Expressions(int size) => size <= 0
        ? from id in Gen.Elements(Ids)
          from later in Gen.Elements(false, true)
          from exception in Gen.Elements<string?>(null, null, "Classpath-exception-2.0", "LLVM-exception")
          let reference = id.StartsWith("LicenseRef", StringComparison.Ordinal)
          select (SpdxExpression)new SpdxTerm(id, later && !reference, reference, exception)
        : Gen.OneOf(Expressions(0),
            from op in Gen.Elements("AND", "OR")
            from left in Expressions(size / 2)
            from right in Expressions(size / 2)
            select (SpdxExpression)new SpdxCompound(op, left, right));

    [Fact]
    public void Writing_an_expression_and_parsing_it_again_gives_an_equivalent_tree()
    {
        // Equivalent: the same terms in the same order, and the same canonical text (AND/OR associate to the left when written out).
        Prop.ForAll(Gen.Sized(s => Expressions(Math.Min(s, 16))).ToArbitrary(), e =>
        {
            var again = Parser.Parse(e.ToString());
            return again.Valid && again.Expression!.ToString() == e.ToString()
                   && again.Expression.Terms().Select(t => t.ToString()).SequenceEqual(e.Terms().Select(t => t.ToString()));
        }).QuickCheckThrowOnFailure();
    }
}
