using Alliance.Governance.Ballots;
using Alliance.Governance.Committees;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Given a ballot → when a command → then events or a refusal.</summary>
public sealed class BallotDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), Chair = Guid.NewGuid();

    private static Committee Committee(string profile) => new(Guid.NewGuid(), "ACI WG", "standards", profile, Chair,
        [new(A, "A", "voting", true, null), new(B, "B", "voting", true, null), new(C, "C", "observer", false, null), new(Chair, "Chair", "voting", true, null)]);

    private static Ballot Opened(string profile, bool earlyClose = false, Func<Guid, bool>? good = null) =>
        Ballot.Create(BallotDecisions.Decide(Guid.NewGuid(), Committee(profile),
            new(null, "Ratify ACI 2.0", "Ratify?", "standard-version-ratification", "compatibility", "ACI/2.0", profile, null, Now.AddDays(7), earlyClose),
            Guid.NewGuid(), good ?? (_ => true), Now));

    private static Ballot Vote(Ballot b, Guid member, string position) =>
        BallotDecisions.Vote(b, member, true, new(position, "reasons"), Now).Aggregate(b, (s, e) => e switch
        {
            VoteCast v => s.Apply(v),
            BallotClosed c => s.Apply(c),
            DecisionReached d => s.Apply(d),
            _ => s,
        });

    [Fact]
    public void The_electorate_is_frozen_at_opening_from_voting_seats_in_good_standing()
    {
        var ballot = Opened("simple-majority", good: id => id != B);

        Assert.Equal([A, Chair], ballot.Electorate.Select(v => v.MemberId));
        Assert.Equal(Now.AddDays(7), ballot.ClosesAt);
    }

    [Fact]
    public void Under_jtc1_the_chair_holds_no_vote() =>
        Assert.DoesNotContain(Chair, Opened("jtc1-meeting").Electorate.Select(v => v.MemberId));

    [Fact]
    public void A_member_without_a_seat_is_forbidden_and_a_suspended_one_is_refused_by_rule()
    {
        var ballot = Opened("simple-majority");

        Assert.Throws<Forbidden>(() => BallotDecisions.Vote(ballot, C, true, new("yes", null), Now));
        var refused = Assert.Throws<DomainRuleViolated>(() => BallotDecisions.Vote(ballot, A, false, new("yes", null), Now));
        Assert.Equal("voter-not-in-good-standing", refused.Rule);
    }

    [Fact]
    public void The_latest_position_counts_but_iso_votes_cannot_change()
    {
        var changed = Vote(Vote(Opened("simple-majority"), A, "no"), A, "yes");
        Assert.Equal(1, changed.CurrentTally().Yes);
        Assert.Equal(0, changed.CurrentTally().No);

        var iso = Vote(Opened("iso-dis-fdis"), A, "approve");
        Assert.Equal("vote-changes-not-allowed", Assert.Throws<DomainRuleViolated>(() => BallotDecisions.Vote(iso, A, true, new("abstain", null), Now)).Rule);
    }

    [Fact]
    public void After_the_closing_time_no_vote_is_taken_even_before_the_ballot_is_closed() =>
        Assert.Equal("ballot-closed", Assert.Throws<DomainRuleViolated>(() =>
            BallotDecisions.Vote(Opened("simple-majority"), A, true, new("yes", null), Now.AddDays(8))).Rule);

    [Fact]
    public void A_meeting_ballot_takes_votes_only_from_members_recorded_present()
    {
        var ballot = Opened("cncf-toc-meeting");
        var present = ballot.Apply(BallotDecisions.Attendance(ballot, [A], Now));

        Assert.Equal("voter-not-present", Assert.Throws<DomainRuleViolated>(() => BallotDecisions.Vote(present, B, true, new("yes", null), Now)).Rule);
        Assert.IsType<VoteCast>(BallotDecisions.Vote(present, A, true, new("yes", null), Now)[0]);
        Assert.Throws<ValidationFailed>(() => BallotDecisions.Attendance(ballot, [C], Now)); // an observer is not in the electorate
    }

    [Fact]
    public void Closing_records_the_tally_and_the_decision_in_one_step_except_when_the_chair_decides()
    {
        var approved = BallotDecisions.Close(Vote(Opened("simple-majority"), A, "yes"), "secretariat", Now);
        var tied = Vote(Vote(Opened("w3c-council"), A, "for"), B, "against");
        var toChair = BallotDecisions.Close(tied, "schedule", Now);

        Assert.Collection(approved, e => Assert.Equal("approved", ((BallotClosed)e).Outcome), e => Assert.True(((DecisionReached)e).Approved));
        Assert.Equal("chair-decides", Assert.IsType<BallotClosed>(Assert.Single(toChair)).Outcome);
        var closed = tied.Apply((BallotClosed)toChair[0]);
        Assert.Throws<Forbidden>(() => BallotDecisions.Chair(closed, A, new("approved", "why"), Now));
        var decided = BallotDecisions.Chair(closed, Chair, new("rejected", "Not ready"), Now);
        Assert.Equal("rejected", ((DecisionReached)decided[1]).Outcome);
        Assert.Equal("ballot-closed", Assert.Throws<DomainRuleViolated>(() => BallotDecisions.Close(closed, "secretariat", Now)).Rule);
    }

    [Fact]
    public void An_early_close_ballot_closes_on_the_vote_that_settles_it_and_not_before()
    {
        var ballot = Opened("cncf-gitvote", earlyClose: true); // 3 voters: A, B, Chair; 66 % of 3 needs 2 in favour

        var afterOne = BallotDecisions.Vote(ballot, A, true, new("in-favour", null), Now);
        var afterTwo = BallotDecisions.Vote(Vote(ballot, A, "in-favour"), B, true, new("in-favour", null), Now);

        Assert.Single(afterOne);
        Assert.Equal(3, afterTwo.Length);
        Assert.Equal("early", ((BallotClosed)afterTwo[1]).ClosedBy);
    }

    [Fact]
    public void The_decision_id_is_derived_from_the_ballot() =>
        Assert.Equal(BallotDecisions.DecisionIdOf(A), BallotDecisions.DecisionIdOf(A));
}
