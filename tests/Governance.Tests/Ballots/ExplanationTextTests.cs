using Alliance.Governance.Ballots;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>The tally's explanation as data, and its words in English (unchanged) and in Chinese.</summary>
public sealed class ExplanationTextTests
{
    [Fact]
    public void The_parts_carry_each_formula_with_its_numbers_and_render_the_english_text()
    {
        var result = new BallotCase("oasis-special-majority").Binding("yes", 6).Binding("no", 2).Binding("abstain", 1).Result;

        var threshold = Assert.Single(result.Parts, p => p is { Kind: "check", Measure: "yes" });
        Assert.Equal(("≥", 6L, "2/3", "eligible", 9L, 18L, 18L, true),
            (threshold.Comparison, threshold.Value, threshold.Share, threshold.Base, threshold.BaseValue, threshold.Left, threshold.Right, threshold.Met));
        Assert.Equal("approved", result.Parts[^1].Outcome);
        Assert.Equal(result.Explanation, ExplanationText.Render(result.Parts, chinese: false));
        Assert.StartsWith("Counted: yes 6, no 2, abstain 1, recused 0, no position 0, invalid 0; non-binding yes 0, no 0, abstain 0; eligible 9. ", result.Explanation);
    }

    [Fact]
    public void In_chinese_every_word_is_chinese_and_the_numbers_are_the_same()
    {
        var result = new BallotCase("iso-dis-fdis").Binding("approve", 7).Binding("disapprove", 3).NonBinding("disapprove", 1).Result;

        var chinese = ExplanationText.Render(result.Parts, chinese: true);

        Assert.Contains("计票：赞成 7，反对 3", chinese);
        Assert.Contains("赞成票 7 ≥ 赞成+反对 10 的 2/3 ⇔ 7·3 = 21 ≥ 2·10 = 20：满足", chinese);
        Assert.Contains("反对票 4 ≤ 全部赞成+反对（含无约束力票） 11 的 1/4 ⇔ 16 ≤ 11：不满足", chinese);
        Assert.EndsWith("结果：未通过。", chinese);
        Assert.DoesNotMatch("[A-Za-z]", chinese);
    }

    [Fact]
    public void A_chair_decision_is_a_part_of_its_own_with_the_reason_as_written()
    {
        var parts = new[] { new ExplanationPart("outcome", Outcome: "chair-decides"), new ExplanationPart("chair-decided", Outcome: "approved", Reason: "同意") };

        Assert.Equal("Outcome: chair-decides. The chair decided: approved (同意).", ExplanationText.Render(parts, chinese: false));
        Assert.Equal("结果：由主席裁决。主席裁决：通过（同意）。", ExplanationText.Render(parts, chinese: true));
    }

    [Theory]
    [InlineData("zh", true)]
    [InlineData("zh-Hans", true)]
    [InlineData("zh-TW,en;q=0.5", true)]
    [InlineData("en-GB,zh-CN;q=0.9", false)]
    [InlineData("fr;q=0.4,zh;q=0.8", true)]
    [InlineData("", false)]
    public void Any_chinese_tag_first_in_accept_language_asks_for_chinese(string header, bool chinese) =>
        Assert.Equal(chinese, Alliance.Hosting.RequestLanguage.IsChinese(header));
}
