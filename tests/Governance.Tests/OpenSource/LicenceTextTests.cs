using Alliance.Governance.OpenSource.Licences;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

/// <summary>A licence verdict as parts, in English (unchanged) and in Chinese.</summary>
public sealed class LicenceTextTests
{
    [Fact]
    public void A_verdict_is_a_chain_of_parts_that_reads_the_same_in_english_and_is_all_chinese_in_chinese()
    {
        var v = PolicyEvaluationTests.Judge("(MPL-2.0 AND GPL-3.0-only) OR Apache-2.0 WITH LLVM-exception OR LicenseRef-Internal");

        Assert.Equal(["or", "term"], v.Parts.Select(p => p.Kind));
        Assert.Equal(("Apache-2.0 WITH LLVM-exception", "allowed", "exception-adds-permissions", "Apache-2.0", "Apache category A"),
            (v.Parts[1].Term, v.Parts[1].Category, v.Parts[1].Reason, v.Parts[1].Licence, v.Parts[1].Note));
        Assert.Equal(v.Explanation, LicenceText.Render(v.Parts, chinese: false));
        Assert.Equal("OR 取最优的选项：Apache-2.0 WITH LLVM-exception 为允许（按 Apache-2.0 判定，因为例外条款只增加许可：Apache A 类）",
            LicenceText.Render(v.Parts, chinese: true));
    }

    [Fact]
    public void Every_reason_of_every_term_has_its_chinese_words()
    {
        var v = PolicyEvaluationTests.Judge("MIT AND GPL-2.0-or-later AND LicenseRef-Internal AND Artistic-2.0 AND GPL-2.0-only WITH Classpath-exception-2.0");
        var chinese = v.Terms.Select(t => LicenceText.Reason(new("term", t.Term, t.Category, t.ReasonCode, t.Licence, t.Note), chinese: true)).ToList();

        Assert.Equal(5, chinese.Distinct().Count());
        // Only licence ids and the names SPDX, Apache and CNCF stay in Latin letters.
        Assert.All(chinese, c => Assert.DoesNotMatch("[A-Za-z]{3,}", System.Text.RegularExpressions.Regex.Replace(c, @"LicenseRef|SPDX|[A-Za-z0-9.\-]+-[0-9.]+[A-Za-z\-0-9.]*|Apache|CNCF", "")));
    }
}
