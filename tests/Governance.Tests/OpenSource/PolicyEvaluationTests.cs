using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Spdx;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

public sealed class PolicyEvaluationTests
{
    /// <summary>The seed the service adopts on its first start.</summary>
    internal static readonly Dictionary<string, PolicyEntry> Seed =
        LicencePolicy.Seed("test", DateTimeOffset.UnixEpoch).Entries.ToDictionary(e => e.Key.ToLowerInvariant());

    internal static Verdict Judge(string expression, IReadOnlyDictionary<string, PolicyEntry>? policy = null)
    {
        var parsed = SpdxParser.Default.Parse(expression);
        Assert.True(parsed.Valid, expression);
        return PolicyEvaluation.Evaluate(parsed.Expression!, k => (policy ?? Seed).GetValueOrDefault(k));
    }

    [Theory]
    [InlineData("MIT", LicenceCategory.Allowed)]
    [InlineData("Apache-2.0", LicenceCategory.Allowed)]
    [InlineData("MPL-2.0", LicenceCategory.Restricted)]
    [InlineData("EPL-2.0", LicenceCategory.Restricted)]
    [InlineData("GPL-3.0-only", LicenceCategory.Forbidden)]
    [InlineData("AGPL-3.0-or-later", LicenceCategory.Forbidden)]
    [InlineData("SSPL-1.0", LicenceCategory.Forbidden)]
    [InlineData("BUSL-1.1", LicenceCategory.Forbidden)]
    [InlineData("Artistic-2.0", LicenceCategory.NeedsReview)]
    public void The_seed_follows_apache_categories(string licence, LicenceCategory expected) =>
        Assert.Equal(expected, Judge(licence).Category);

    [Fact]
    public void Every_id_of_the_cncf_allowlist_is_allowed_and_every_seed_key_is_a_known_spdx_term()
    {
        string[] allowlist = ["0BSD", "BSD-2-Clause", "BSD-2-Clause-FreeBSD", "BSD-3-Clause", "MIT", "MIT-0", "ISC", "OpenSSL", "OpenSSL-standalone", "PSF-2.0",
            "Python-2.0", "Python-2.0.1", "PostgreSQL", "SSLeay-standalone", "UPL-1.0", "X11", "Zlib"];
        Assert.All(allowlist, id => Assert.Equal(LicenceCategory.Allowed, Judge(id).Category));
        Assert.All(Seed.Values, e => Assert.IsType<SpdxTerm>(SpdxParser.Default.Parse(e.Key).Expression));
    }

    [Fact]
    public void Or_takes_the_best_option_and_names_it()
    {
        var v = Judge("GPL-2.0-only OR MIT");

        Assert.Equal(LicenceCategory.Allowed, v.Category);
        Assert.Equal("MIT", v.DecidingTerm);
        Assert.StartsWith("OR takes the best option: MIT is allowed", v.Explanation);
        Assert.Equal(["GPL-2.0-only", "MIT"], v.Terms.Select(t => t.Term));
    }

    [Fact]
    public void And_needs_every_term_so_the_weakest_decides()
    {
        var v = Judge("MIT AND MPL-2.0 AND Apache-2.0");

        Assert.Equal(LicenceCategory.Restricted, v.Category);
        Assert.Equal("MPL-2.0", v.DecidingTerm);
        Assert.StartsWith("AND needs every term, so the weakest decides: MPL-2.0 is restricted", v.Explanation);
    }

    [Fact]
    public void Precedence_decides_what_is_judged_together()
    {
        Assert.Equal(LicenceCategory.Allowed, Judge("LGPL-2.1-only OR BSD-3-Clause AND MIT").Category);
        var grouped = Judge("(LGPL-2.1-only OR BSD-3-Clause) AND GPL-3.0-only");
        Assert.Equal(LicenceCategory.Forbidden, grouped.Category);
        Assert.Equal("GPL-3.0-only", grouped.DecidingTerm);
        var nested = Judge("(MPL-2.0 OR MIT) AND ISC");
        Assert.Equal(LicenceCategory.Allowed, nested.Category);
        Assert.Equal("MIT", nested.DecidingTerm);
    }

    [Fact]
    public void A_licence_the_policy_does_not_name_and_every_licenseref_need_review()
    {
        var unknown = Judge("Artistic-2.0");
        var reference = Judge("LicenseRef-acme-internal");

        Assert.Equal(LicenceCategory.NeedsReview, unknown.Category);
        Assert.Contains("not in the licence policy", unknown.Explanation);
        Assert.Equal(LicenceCategory.NeedsReview, reference.Category);
        Assert.Contains("a person must review", reference.Explanation);
        Assert.Null(unknown.Category.ApacheLetter());
    }

    [Fact]
    public void Needs_review_ranks_between_restricted_and_forbidden()
    {
        Assert.Equal(LicenceCategory.NeedsReview, Judge("Artistic-2.0 OR GPL-3.0-only").Category);
        Assert.Equal(LicenceCategory.NeedsReview, Judge("Artistic-2.0 AND MPL-2.0").Category);
    }

    [Fact]
    public void An_exception_is_judged_by_its_licence_unless_the_policy_names_the_combination()
    {
        var plain = Judge("GPL-2.0-only WITH Classpath-exception-2.0");
        Assert.Equal(LicenceCategory.Forbidden, plain.Category);
        Assert.Contains("judged by GPL-2.0-only, since an exception only adds permissions", plain.Explanation);

        var policy = new Dictionary<string, PolicyEntry>(Seed)
        {
            ["gpl-2.0-only with classpath-exception-2.0"] = new("GPL-2.0-only WITH Classpath-exception-2.0", "restricted", "linking exception"),
        };
        var named = Judge("GPL-2.0-only WITH Classpath-exception-2.0", policy);
        Assert.Equal(LicenceCategory.Restricted, named.Category);
        Assert.Contains("the policy names this combination: linking exception", named.Explanation);
    }

    [Fact]
    public void Or_later_is_judged_by_the_named_version()
    {
        var v = Judge("MPL-1.1+");

        Assert.Equal(LicenceCategory.Restricted, v.Category);
        Assert.Contains("MPL-1.1 or a later version", v.Explanation);
    }

    [Fact]
    public void Policy_keys_cover_each_licence_and_each_combination()
    {
        var e = SpdxParser.Default.Parse("MIT OR GPL-2.0-only WITH Classpath-exception-2.0").Expression!;

        Assert.Equal(["mit", "gpl-2.0-only", "gpl-2.0-only with classpath-exception-2.0"], PolicyEvaluation.KeysOf(e));
    }
}
