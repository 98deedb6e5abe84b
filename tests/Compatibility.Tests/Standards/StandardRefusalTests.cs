using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Compatibility.Tests.Standards;

/// <summary>Governance refused to open the ballot a version's request asked for: the version returns to where it was.</summary>
public sealed class StandardRefusalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Secretariat = new("secretariat", null, new HashSet<string> { Roles.Secretariat });

    private static Standard Aci()
    {
        var s = Standard.Create(StandardDecisions.Decide(Guid.NewGuid(), new("ACI", "Alliance Compute Interface", null, Guid.NewGuid(), null, 1), Now));
        return s.Apply(StandardDecisions.Decide(s, new("2.0", [new("R1", "MUST", "Runs the suite")], []), Now));
    }

    private static (Standard, StandardVersionRatificationRequested) Requested(Standard s)
    {
        var requested = StandardDecisions.RequestRatification(s, "2.0", Secretariat, Guid.NewGuid(), Now);
        return (s.Apply(requested), requested);
    }

    [Fact]
    public void A_refused_ratification_returns_a_draft_to_draft_with_the_reason_and_the_version_can_go_to_ballot_again()
    {
        var (s, requested) = Requested(Aci());

        Assert.Null(StandardDecisions.Refused(s, "2.0", Guid.NewGuid(), "ballot-needs-voters", "older request", Now));
        var refused = Assert.IsType<StandardVersionRatificationRequestRefused>(StandardDecisions.Refused(s, "2.0", requested.RequestId, "ballot-needs-voters",
            "The committee has no binding voting seat held by a member in good standing.", Now));
        s = s.Apply(refused);

        var v = s.Version("2.0")!;
        Assert.Equal(("draft", (Guid?)null, "ballot-needs-voters"), (v.Status, v.PendingRequest, v.LastRefusal!.Rule));
        Assert.Equal("ratification", v.LastRefusal.Kind);
        var (again, _) = Requested(s);
        Assert.Equal(("under-ballot", null), (again.Version("2.0")!.Status, again.Version("2.0")!.LastRefusal));
    }

    [Fact]
    public void A_refused_ratification_of_a_rejected_version_returns_it_to_rejected()
    {
        var (s, first) = Requested(Aci());
        s = s.Apply((StandardVersionRejected)StandardDecisions.Decided(s, "2.0", first.RequestId, Guid.NewGuid(), false, "rejected", Now)!);
        var (again, second) = Requested(s);

        var refused = (StandardVersionRatificationRequestRefused)StandardDecisions.Refused(again, "2.0", second.RequestId, "no-committee", "gone", Now)!;

        Assert.Equal("rejected", refused.Status);
        Assert.Equal("rejected", again.Apply(refused).Version("2.0")!.Status);
    }

    [Fact]
    public void A_refused_withdrawal_leaves_the_version_ratified_and_no_withdrawal_pending()
    {
        var (s, requested) = Requested(Aci());
        s = s.Apply((StandardVersionRatified)StandardDecisions.Decided(s, "2.0", requested.RequestId, Guid.NewGuid(), true, "approved", Now)!);
        var withdrawal = StandardDecisions.RequestWithdrawal(s, "2.0", Secretariat, "superseded by 3.0", Guid.NewGuid(), Now);
        s = s.Apply(withdrawal);

        var refused = Assert.IsType<StandardVersionWithdrawalRequestRefused>(StandardDecisions.Refused(s, "2.0", withdrawal.RequestId, "ballot-needs-voters", "no voters", Now));
        s = s.Apply(refused);

        Assert.Equal(("ratified", (Guid?)null, "withdrawal"), (s.Version("2.0")!.Status, s.Version("2.0")!.PendingRequest, s.Version("2.0")!.LastRefusal!.Kind));
        Assert.IsType<StandardVersionWithdrawalRequested>(StandardDecisions.RequestWithdrawal(s, "2.0", Secretariat, "again", Guid.NewGuid(), Now));
    }
}
