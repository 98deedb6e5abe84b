using Alliance.Governance.Ballots;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>
/// Affiliation groups in both shapes. W3C Council: "if two members of a Council who share the same affiliation cast
/// an identical ballot, then their ballots count as one vote" (W3C Process §council), so different ballots each count.
/// W3C AC votes: "each Member or group of related Members has one vote" (§ACVotes).
/// </summary>
public sealed class AffiliationTests
{
    [Fact]
    public void Council_identical_ballots_of_one_affiliation_count_as_one_vote()
    {
        var c = new BallotCase("w3c-council").Seat(true, "G", "for").Seat(true, "G", "for").Seat(true, null, "against");

        Assert.Equal((1, 1, 1), (c.Tally.Yes, c.Tally.No, c.Tally.Merged));
        Assert.Equal("chair-decides", c.Outcome);
        Assert.Contains("1 ballot(s) identical to another of the same affiliation counted as one", c.Result.Explanation);
    }

    [Fact]
    public void Council_different_ballots_of_one_affiliation_each_count_and_none_is_discarded()
    {
        var c = new BallotCase("w3c-council").Seat(true, "G", "for").Seat(true, "G", "against").Seat(true, "G", "for").Seat(true, null, "for");

        Assert.Equal((2, 1, 0), (c.Tally.Yes, c.Tally.No, c.Tally.Invalid));
        Assert.Equal("approved", c.Outcome);
    }

    [Fact]
    public void Council_members_of_different_affiliations_with_the_same_ballot_each_count()
    {
        var c = new BallotCase("w3c-council").Seat(true, "G", "for").Seat(true, "H", "for").Seat(true, null, "against").Seat(true, null, "against");

        Assert.Equal((2, 2), (c.Tally.Yes, c.Tally.No));
        Assert.Equal("chair-decides", c.Outcome);
    }

    [Fact]
    public void Appeal_a_group_of_related_members_has_one_vote_and_a_divided_group_none()
    {
        var agreed = new BallotCase("w3c-ac-appeal").Seat(true, "G", "reject").Seat(true, "G", "reject").Seat(true, null, "approve");
        var divided = new BallotCase("w3c-ac-appeal").Seat(true, "G", "reject").Seat(true, "G", "approve").Seat(true, null, "reject");

        Assert.Equal((1, 1, 2), (agreed.Tally.Yes, agreed.Tally.No, agreed.Tally.Eligible));
        Assert.Equal("decision-stands", agreed.Outcome);
        Assert.Equal((0, 1, 1), (divided.Tally.Yes, divided.Tally.No, divided.Tally.Invalid));
        Assert.Equal("rejected", divided.Outcome);
    }

    [Fact]
    public void Unknown_parameter_overrides_are_refused_naming_each_key()
    {
        var overrides = System.Text.Json.JsonSerializer.Deserialize<ProfileOverrides>("""{"threshold":"3/4","quorum":"1/2","countNonBinding":true,"earlyClosing":true}""",
            System.Text.Json.JsonSerializerOptions.Web)!;

        var refused = Assert.Throws<ValidationFailed>(() => overrides.ApplyTo(RuleProfiles.Find("apache-release")!.Parameters));

        Assert.Equal(["parameters.quorum", "parameters.earlyClosing"], refused.Errors.Keys);
        Assert.Contains("countNonBinding", refused.Errors["parameters.quorum"][0]);
    }
}
