using Alliance.Governance.Ballots;
using Alliance.Governance.Committees;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Given a committee and a decision → when a correction ballot opens, or a member becomes an observer → then events or a refusal.</summary>
public sealed class CorrectionAndSeatDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private static readonly Committee Wg = new(Guid.NewGuid(), "ACI WG", "standards", "simple-majority", null,
        [new(A, "A", "voting", true, "G"), new(B, "B", "observer", false, null)]);

    private static BallotOpened Open(Guid? corrects, BallotDecisions.Corrected? corrected) =>
        BallotDecisions.Decide(Guid.NewGuid(), Wg, new(null, "Correct the ACI 2.0 decision", "Was ACI 2.0 ratified?", "generic", null, null, null, null, null, null, Corrects: corrects),
            null, _ => true, Now, corrected);

    [Fact]
    public void A_correction_ballot_names_the_decision_it_corrects()
    {
        var decision = Guid.NewGuid();
        Assert.Equal(decision, Open(decision, new(decision, Guid.NewGuid(), Wg.Id, null, null)).Corrects);
        Assert.Null(Open(null, null).Corrects);
    }

    [Fact]
    public void An_unknown_decision_is_refused_naming_corrects() =>
        Assert.Equal(["corrects"], Assert.Throws<ValidationFailed>(() => Open(Guid.NewGuid(), null)).Errors.Keys);

    [Theory]
    [InlineData("other-committee", "correction-by-same-committee")]
    [InlineData("corrected", "decision-already-corrected")]
    [InlineData("open", "correction-already-open")]
    public void A_correction_is_refused_by_rule(string shape, string rule)
    {
        var decision = Guid.NewGuid();
        var corrected = shape switch
        {
            "other-committee" => new BallotDecisions.Corrected(decision, Guid.NewGuid(), Guid.NewGuid(), null, null),
            "corrected" => new BallotDecisions.Corrected(decision, Guid.NewGuid(), Wg.Id, Guid.NewGuid(), null),
            _ => new BallotDecisions.Corrected(decision, Guid.NewGuid(), Wg.Id, null, Guid.NewGuid()),
        };

        Assert.Equal(rule, Assert.Throws<DomainRuleViolated>(() => Open(decision, corrected)).Rule);
    }

    [Fact]
    public void Only_a_decided_ballot_is_corrected()
    {
        var open = Ballot.Create(Open(null, null));

        Assert.Equal("decision-not-reached", Assert.Throws<DomainRuleViolated>(() => BallotDecisions.CorrectionOf(open, Guid.NewGuid(), Now)).Rule);
    }

    [Fact]
    public void A_member_moved_to_the_observer_tier_keeps_its_seat_as_an_observer_seat()
    {
        var seat = CommitteeDecisions.ObserverSeat(Wg, A, "observer", Now)!;

        Assert.Equal(("observer", false, "G", Now), (seat.Role, seat.Binding, seat.Group, seat.AssignedAt));
        Assert.NotNull(seat.Reason);
        Assert.Null(CommitteeDecisions.ObserverSeat(Wg, A, "general", Now));   // another voting tier: nothing changes
        Assert.Null(CommitteeDecisions.ObserverSeat(Wg, B, "observer", Now));  // already an observer seat
        Assert.Null(CommitteeDecisions.ObserverSeat(Wg, Guid.NewGuid(), "observer", Now)); // no seat here
    }
}
