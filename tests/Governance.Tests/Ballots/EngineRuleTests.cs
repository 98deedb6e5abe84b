using Alliance.Governance.Ballots;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Rules of the profiles beyond the worked cases (those run from WorkedCases.cs): invalid votes, limits, switches, explanations.</summary>
public sealed class EngineRuleTests
{
    [Fact]
    public void Iso_disapproval_without_technical_reasons_is_invalid_and_excluded()
    {
        var c = new BallotCase("iso-dis-fdis").Binding("approve", 10).Binding("disapprove", 5, reason: null);
        Assert.Equal(5, c.Tally.Invalid);
        Assert.Equal("approved", c.Outcome);
    }

    [Fact]
    public void Iec_fdis_fails_at_exactly_a_quarter_where_iso_passes()
    {
        Assert.Equal("approved", new BallotCase("iso-dis-fdis").Binding("approve", 9).Binding("disapprove", 3).Outcome);
        Assert.Equal("rejected", new BallotCase("iec-fdis").Binding("approve", 9).Binding("disapprove", 3).Outcome);
    }

    [Fact]
    public void Oasis_full_majority_twenty_members_need_eleven()
    {
        Assert.Equal("rejected", new BallotCase("oasis-full-majority").Binding("yes", 10).Silent(10).Outcome);
        Assert.Equal("approved", new BallotCase("oasis-full-majority").Binding("yes", 11).Silent(9).Outcome);
    }

    [Fact]
    public void Ieee_thirty_percent_abstentions_fail() =>
        Assert.Equal("rejected", new BallotCase("ieee-sa").Binding("approve", 56).Binding("abstain", 24).Silent(20).Outcome);

    [Fact]
    public void Cncf_gitvote_sixty_six_percent_is_not_two_thirds() =>
        Assert.Equal("approved", new BallotCase("cncf-gitvote").Binding("in-favour", 33).Silent(17).Outcome);

    [Fact]
    public void W3c_appeal_overturns_only_when_reject_wins() =>
        Assert.Equal("rejected", new BallotCase("w3c-ac-appeal").Binding("approve", 40).Binding("reject", 41).Outcome);

    [Fact]
    public void Simple_majority_tie_is_a_tie_and_unanimous_needs_everyone()
    {
        Assert.Equal("tie", new BallotCase("simple-majority").Binding("yes", 4).Binding("no", 4).Outcome);
        Assert.Equal("rejected", new BallotCase("unanimous").Binding("yes", 9).Binding("abstain", 1).Outcome);
        Assert.Equal("approved", new BallotCase("unanimous").Binding("yes", 10).Outcome);
    }

    [Fact]
    public void The_explanation_shows_the_formula_with_the_actual_numbers()
    {
        var explanation = new BallotCase("oasis-special-majority").Binding("yes", 6).Binding("no", 2).Binding("abstain", 1).Result.Explanation;

        Assert.Contains("yes 6 ≥ 2/3 of eligible voters 9 ⇔ 6·3 = 18 ≥ 2·9 = 18: met", explanation);
        Assert.Contains("negatives 2 ≤ 1/4 of eligible voters 9 ⇔ 8 ≤ 9: met", explanation);
    }
}
