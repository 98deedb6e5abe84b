using Alliance.Governance.Ballots;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>
/// What every profile decides when nobody votes for or against (all abstain, or all silent), each from its
/// body's rule; the same table is in the README (Rule profiles → "When nobody votes for or against").
/// </summary>
public sealed class ZeroVoteTests
{
    public static readonly Dictionary<string, string> Expected = new()
    {
        ["simple-majority"] = "tie",                   // for = against (0 = 0) is the profile's tie
        ["two-thirds-of-cast"] = "rejected",           // no votes cast: nobody supported it (3·0 ≥ 2·0 would approve an empty ballot)
        ["two-thirds-of-eligible"] = "rejected",       // 3·0 < 2·V
        ["unanimous"] = "rejected",                    // 0 < V
        ["iso-dis-fdis"] = "rejected",                 // zero denominators: "not approved" (research notes WE-06, an inference)
        ["iec-fdis"] = "rejected",
        ["jtc1-meeting"] = "further-discussion",       // "equally divided … subject to further discussion"
        ["iesg-standards-track"] = "rejected",         // needs one Yes
        ["iesg-informational"] = "rejected",
        ["jcp-ec"] = "rejected",                       // yes ≥ 5
        ["apache-procedural"] = "rejected",            // +1 > −1 fails at 0 : 0 (a tie fails)
        ["apache-code-change"] = "rejected",           // three +1 needed
        ["apache-release"] = "rejected",
        ["oasis-special-majority"] = "rejected",       // of all voting members
        ["oasis-full-majority"] = "rejected",
        ["ieee-sa"] = "rejected",                      // all abstain: ≥ 30 % abstentions; silence: returns < 75 %
        ["cncf-gitvote"] = "rejected",                 // 100·0 < 66·V
        ["cncf-toc-meeting"] = "rejected",             // quorum present, 2·0 > P fails
        ["w3c-ac-appeal"] = "decision-stands",         // overturned only if reject > approve
        ["w3c-council"] = "chair-decides",             // 0 : 0 is a tie: the Council Chair determines the outcome
    };

    public static TheoryData<string> Profiles => new(RuleProfiles.All.Select(p => p.Id));

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_voter_abstaining_ends_as_the_bodys_rule_says(string profile)
    {
        var abstain = RuleProfiles.Find(profile)!.Parameters.Positions.First(p => p.Category == Category.Abstain).Position;
        var ballot = new BallotCase(profile).Binding(abstain, 9).AllPresent();

        Assert.Equal(Expected[profile], ballot.Outcome);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Nobody_voting_ends_as_the_bodys_rule_says(string profile)
    {
        var ballot = new BallotCase(profile).Silent(9).AllPresent();

        Assert.Equal(Expected[profile], ballot.Outcome);
    }

    [Fact]
    public void The_explanation_says_that_nobody_voted_for_or_against() =>
        Assert.Contains("Nobody voted for or against: 0 : 0 is equally divided", new BallotCase("w3c-ac-appeal").Binding("abstain", 3).Result.Explanation);
}
