using Alliance.Governance.Ballots;
using Alliance.Governance.Committees;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Given a committee's ballot policy → when someone asks for a ballot → then its rules, or a refusal.</summary>
public sealed class BallotRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Ballot = Guid.NewGuid();
    private static readonly BallotRuleDecisions.Caller Sponsor = new(false, "member/m/c", null);
    private static BallotRuleDecisions.Caller Secretariat(string? reason) => new(true, "secretariat/s", reason);

    private static CommitteeBallotPolicy Policy(string defaultProfile = "cncf-gitvote", params BallotPolicySet[] set) =>
        set.Aggregate(CommitteeBallotPolicy.Create(new CommitteeCreated(Guid.NewGuid(), "OSS", "open-source", defaultProfile, null, Now)), (p, e) => p.Apply(e));

    private static BallotRuleDecisions.Resolved Resolve(CommitteeBallotPolicy policy, string kind, string? profile, DateTimeOffset? closesAt, BallotRuleDecisions.Caller caller) =>
        BallotRuleDecisions.Resolve(Ballot, policy, kind, profile, null, closesAt, caller, Now);

    [Fact]
    public void A_sponsor_cannot_open_a_one_minute_simple_majority_stage_ballot()
    {
        var refused = Assert.Throws<ValidationFailed>(() => Resolve(Policy(), "oss-stage-change", "simple-majority", Now.AddMinutes(1), Sponsor));

        Assert.Contains("cncf-gitvote", refused.Errors["profile"][0]);
        Assert.Contains("at least 7 days", refused.Errors["closesAt"][0]);
    }

    [Fact]
    public void Without_a_choice_the_policy_decides_and_the_usual_period_applies()
    {
        var rules = Resolve(Policy(), "licence-exception", null, null, Sponsor);

        Assert.Equal("cncf-gitvote", rules.Profile);
        Assert.Equal(Now.AddDays(14), rules.ClosesAt);
        Assert.Null(rules.Override);
    }

    [Fact]
    public void A_later_closing_time_is_the_requesters_and_one_a_moment_short_of_the_minimum_gets_the_minimum()
    {
        Assert.Equal(Now.AddDays(30), Resolve(Policy(), "oss-stage-change", "cncf-gitvote", Now.AddDays(30), Sponsor).ClosesAt);
        Assert.Equal(Now.AddDays(7), Resolve(Policy(), "oss-stage-change", null, Now.AddDays(7).AddMinutes(-1), Sponsor).ClosesAt);
        Assert.Throws<ValidationFailed>(() => Resolve(Policy(), "oss-stage-change", null, Now.AddDays(6), Sponsor));
    }

    [Theory]
    [InlineData("iso-dis-fdis", 56)]
    [InlineData("jcp-ec", 14)]
    [InlineData("ieee-sa", 30)]
    [InlineData("w3c-ac-appeal", 28)]
    [InlineData("oasis-special-majority", 7)]
    public void Each_profile_keeps_its_bodys_minimum_period(string profile, int days)
    {
        var policy = Policy(profile);

        Assert.Throws<ValidationFailed>(() => Resolve(policy, "generic", null, Now.AddDays(days).AddHours(-1), Sponsor));
        Assert.Equal(Now.AddDays(days), Resolve(policy, "generic", null, Now.AddDays(days), Sponsor).ClosesAt);
    }

    [Fact]
    public void Apache_votes_run_72_hours_and_a_meeting_an_hour()
    {
        Assert.Equal(Now.AddHours(72), Resolve(Policy("apache-release"), "generic", null, Now.AddHours(72), Sponsor).ClosesAt);
        Assert.Throws<ValidationFailed>(() => Resolve(Policy("apache-release"), "generic", null, Now.AddHours(48), Sponsor));
        Assert.Equal(Now.AddHours(1), Resolve(Policy("jtc1-meeting"), "generic", null, Now.AddHours(1), Sponsor).ClosesAt);
    }

    [Fact]
    public void Only_the_secretariat_overrides_and_its_reason_is_recorded()
    {
        Assert.Throws<Forbidden>(() => Resolve(Policy(), "oss-stage-change", "simple-majority", null, Sponsor with { OverrideReason = "urgent" }));
        var noReason = Assert.Throws<ValidationFailed>(() => Resolve(Policy(), "oss-stage-change", null, Now.AddMinutes(10), Secretariat(null)));
        Assert.Contains("overrideReason", noReason.Errors.Keys);

        var rules = Resolve(Policy(), "oss-stage-change", "simple-majority", Now.AddMinutes(10), Secretariat("Security fix: the board met and agreed"));

        Assert.Equal("simple-majority", rules.Profile);
        Assert.Equal(Now.AddMinutes(10), rules.ClosesAt);
        var recorded = rules.Override!;
        Assert.Equal(("cncf-gitvote", "simple-majority", "Security fix: the board met and agreed", "secretariat/s"),
            (recorded.PolicyProfile, recorded.Profile, recorded.Reason, recorded.OverriddenBy));
        Assert.Equal(Now.AddDays(7), recorded.EarliestClose);
    }

    [Fact]
    public void A_policy_set_by_the_secretariat_replaces_the_derived_rule_for_its_kind_only()
    {
        var committee = new Committee(Guid.NewGuid(), "TOC", "technical-oversight", "simple-majority", null, []);
        var set = CommitteeDecisions.SetBallotPolicy(committee, "project-approval", new("two-thirds-of-eligible", 21, "Charter §4"), Now);
        var policy = Policy("simple-majority", set);

        Assert.Equal(new PolicyRule("two-thirds-of-eligible", 21, "set"), policy.For("project-approval"));
        Assert.Equal(new PolicyRule("simple-majority", null, "derived"), policy.For("generic"));
        Assert.Equal(new PolicyRule("cncf-gitvote", null, "derived"), policy.For("policy-change"));
        Assert.Equal(Now.AddDays(21), Resolve(policy, "project-approval", null, null, Sponsor).ClosesAt);
        Assert.Throws<ValidationFailed>(() => Resolve(policy, "project-approval", "simple-majority", null, Sponsor));
    }

    [Fact]
    public void A_policy_cannot_set_a_usual_period_below_the_profiles_minimum()
    {
        var committee = new Committee(Guid.NewGuid(), "SC", "standards", "iso-dis-fdis", null, []);

        var refused = Assert.Throws<ValidationFailed>(() => CommitteeDecisions.SetBallotPolicy(committee, "standard-version-ratification", new("iso-dis-fdis", 30, "faster"), Now));
        Assert.Contains("56 days", refused.Errors["periodDays"][0]);
        Assert.Throws<ValidationFailed>(() => CommitteeDecisions.SetBallotPolicy(committee, "no-such-kind", new("iso-dis-fdis", null, "x"), Now));
    }
}
