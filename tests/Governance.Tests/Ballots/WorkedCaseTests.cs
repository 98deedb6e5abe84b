using Alliance.Governance.Ballots;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>The worked cases of the governance research notes (Part C), one test each, by their ids.</summary>
public sealed class WorkedCaseTests
{
    [Fact]
    public void WE01_iso_dis_abstentions_excluded_approved() =>
        Assert.Equal("approved", new BallotCase("iso-dis-fdis").Binding("approve", 12).Binding("disapprove", 3).Binding("abstain", 5).Outcome);

    [Fact]
    public void WE02_iso_dis_two_thirds_met_but_negatives_over_a_quarter() =>
        Assert.Equal("rejected", new BallotCase("iso-dis-fdis").Binding("approve", 10).Binding("disapprove", 5).Outcome);

    [Fact]
    public void WE04_iso_dis_non_p_votes_enter_the_negative_cap() =>
        Assert.Equal("approved", new BallotCase("iso-dis-fdis").Binding("approve", 8).Binding("disapprove", 4).NonBinding("approve", 6).Outcome);

    [Fact]
    public void WE06_iso_dis_all_abstain_is_not_approved() =>
        Assert.Equal("rejected", new BallotCase("iso-dis-fdis").Binding("abstain", 20).Outcome);

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
    public void WE07_jtc1_meeting_equally_divided_goes_to_further_discussion() =>
        Assert.Equal("further-discussion", new BallotCase("jtc1-meeting").Binding("yes", 7).Binding("no", 7).Binding("abstain", 3).AllPresent().Outcome);

    [Fact]
    public void WE08_iesg_proposed_standard_approved_at_exactly_ten() =>
        Assert.Equal("approved", new BallotCase("iesg-standards-track")
            .Binding("yes", 1).Binding("no-objection", 9).Binding("abstain", 2).Binding("recuse", 1).Silent(2).Outcome);

    [Fact]
    public void WE09_iesg_a_discuss_blocks_and_nine_is_short()
    {
        var c = new BallotCase("iesg-standards-track").Binding("yes", 1).Binding("no-objection", 8).Binding("discuss", 1)
            .Binding("abstain", 2).Binding("recuse", 1).Silent(2);
        Assert.Equal("rejected", c.Outcome);
        Assert.Contains("blocking", c.Result.Explanation);
    }

    [Fact]
    public void WE10_iesg_needs_a_yes() =>
        Assert.Equal("rejected", new BallotCase("iesg-standards-track").Binding("no-objection", 14).Binding("abstain", 1).Outcome);

    [Fact]
    public void WE11_iesg_informational_one_yes_and_no_discuss() =>
        Assert.Equal("approved", new BallotCase("iesg-informational").Binding("yes", 1).Binding("abstain", 13).Silent(1).Outcome);

    [Fact]
    public void WE13_jcp_ec_majority_of_cast_and_five_yes() =>
        Assert.Equal("approved", new BallotCase("jcp-ec").Binding("yes", 5).Binding("no", 4).Binding("abstain", 7).Outcome);

    [Fact]
    public void WE14_jcp_ec_too_few_yes() =>
        Assert.Equal("rejected", new BallotCase("jcp-ec").Binding("yes", 4).Binding("abstain", 12).Outcome);

    [Fact]
    public void WE15_jcp_ec_tie_is_not_a_majority() =>
        Assert.Equal("rejected", new BallotCase("jcp-ec").Binding("yes", 6).Binding("no", 6).Binding("abstain", 4).Outcome);

    [Fact]
    public void WE16_jcp_ec_meeting_without_three_quarters_present_has_no_quorum() =>
        Assert.Equal("no-quorum", new BallotCase("jcp-ec", new(Meeting: true, PresentQuorum: "3/4"))
            .Binding("yes", 11).Silent(5).Present(11).Outcome);

    [Fact]
    public void WE17_apache_release_passes_without_and_fails_with_non_binding_negatives()
    {
        Assert.Equal("approved", new BallotCase("apache-release").Binding("+1", 3).Binding("-1", 2).NonBinding("-1", 5).Outcome);
        Assert.Equal("rejected", new BallotCase("apache-release", new(CountNonBinding: true)).Binding("+1", 3).Binding("-1", 2).NonBinding("-1", 5).Outcome);
    }

    [Fact]
    public void WE18_apache_release_needs_three_binding_plus_ones() =>
        Assert.Equal("rejected", new BallotCase("apache-release").Binding("+1", 2).NonBinding("+1", 10).Outcome);

    [Fact]
    public void WE19_apache_code_change_a_justified_veto_stops_it() =>
        Assert.Equal("rejected", new BallotCase("apache-code-change").Binding("+1", 5).Binding("-1", 1, reason: "breaks the ABI").Outcome);

    [Fact]
    public void WE20_apache_code_change_an_unjustified_veto_has_no_weight() =>
        Assert.Equal("approved", new BallotCase("apache-code-change").Binding("+1", 3).Binding("-1", 1, reason: null).Outcome);

    [Fact]
    public void WE22_oasis_special_majority_at_both_limits() =>
        Assert.Equal("approved", new BallotCase("oasis-special-majority").Binding("yes", 6).Binding("no", 2).Binding("abstain", 1).Outcome);

    [Fact]
    public void WE23_oasis_special_majority_three_negatives_of_nine() =>
        Assert.Equal("rejected", new BallotCase("oasis-special-majority").Binding("yes", 6).Binding("no", 3).Outcome);

    [Fact]
    public void WE24_oasis_abstentions_cannot_supply_yeses() =>
        Assert.Equal("rejected", new BallotCase("oasis-special-majority").Binding("yes", 5).Binding("abstain", 4).Outcome);

    [Fact]
    public void Oasis_full_majority_twenty_members_need_eleven()
    {
        Assert.Equal("rejected", new BallotCase("oasis-full-majority").Binding("yes", 10).Silent(10).Outcome);
        Assert.Equal("approved", new BallotCase("oasis-full-majority").Binding("yes", 11).Silent(9).Outcome);
    }

    [Fact]
    public void WE26_ieee_passes_under_approve_over_cast_and_fails_over_returned()
    {
        BallotCase Case(ProfileOverrides? o = null) => new BallotCase("ieee-sa", o).Binding("approve", 55).Binding("disapprove", 15).Binding("abstain", 10).Silent(20);
        Assert.Equal("approved", Case().Outcome);
        Assert.Equal("rejected", Case(new(ApprovalOf: "returned")).Outcome);
    }

    [Fact]
    public void WE27_ieee_return_under_three_quarters_fails() =>
        Assert.Equal("rejected", new BallotCase("ieee-sa").Binding("approve", 74).Silent(26).Outcome);

    [Fact]
    public void Ieee_thirty_percent_abstentions_fail() =>
        Assert.Equal("rejected", new BallotCase("ieee-sa").Binding("approve", 56).Binding("abstain", 24).Silent(20).Outcome);

    [Fact]
    public void WE29_cncf_gitvote_silence_counts_against_but_eight_of_eleven_pass() =>
        Assert.Equal("approved", new BallotCase("cncf-gitvote").Binding("in-favour", 8).Binding("against", 1).Binding("abstain", 1).Silent(1).Outcome);

    [Fact]
    public void Cncf_gitvote_sixty_six_percent_is_not_two_thirds() =>
        Assert.Equal("approved", new BallotCase("cncf-gitvote").Binding("in-favour", 33).Silent(17).Outcome);

    [Fact]
    public void WE33_cncf_toc_meeting_seven_of_eleven_present_is_no_quorum() =>
        Assert.Equal("no-quorum", new BallotCase("cncf-toc-meeting").Binding("yes", 7).Silent(4).Present(7).Outcome);

    [Fact]
    public void WE34_cncf_toc_meeting_five_of_eight_present() =>
        Assert.Equal("approved", new BallotCase("cncf-toc-meeting").Binding("yes", 5).Binding("no", 3).Silent(3).Present(8).Outcome);

    [Fact]
    public void WE37_w3c_appeal_tie_leaves_the_decision_standing() =>
        Assert.Equal("decision-stands", new BallotCase("w3c-ac-appeal").Binding("approve", 40).Binding("reject", 40).Binding("abstain", 20).Outcome);

    [Fact]
    public void W3c_appeal_overturns_only_when_reject_wins() =>
        Assert.Equal("rejected", new BallotCase("w3c-ac-appeal").Binding("approve", 40).Binding("reject", 41).Outcome);

    [Fact]
    public void WE38_w3c_council_tie_goes_to_the_chair() =>
        Assert.Equal("chair-decides", new BallotCase("w3c-council").Binding("for", 10).Binding("against", 10).Outcome);

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
