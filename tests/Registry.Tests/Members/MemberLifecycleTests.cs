using Alliance.Hosting;
using Alliance.Registry.Members;
using Xunit;

namespace Alliance.Registry.Tests.Members;

public sealed class MemberLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Actor Admin = new("a", Id, new HashSet<string> { Roles.MemberAdmin });
    private static readonly Actor Secretariat = new("s", null, new HashSet<string> { Roles.Secretariat });

    private static Member Admitted() =>
        Member.Create(new MemberApplied(Id, "Sugon", "company", "CN", null, "office@sugon.example.cn", Now, "曙光"))
            .Apply(new MemberAdmitted(Id, "Sugon", "company", "CN", "general", Now));

    [Fact]
    public void A_rename_keeps_the_former_names_in_the_event()
    {
        var renamed = MemberDecisions.Rename(Admitted(), Admin, new("Sugon Information Industry", "中科曙光"), Now);

        Assert.Equal(("Sugon", "曙光", "Sugon Information Industry", "中科曙光"), (renamed.FormerName, renamed.FormerNameZh, renamed.Name, renamed.NameZh));
    }

    [Fact]
    public void Tier_changes_need_an_admitted_member_and_a_new_tier()
    {
        Assert.Equal("strategic", MemberDecisions.ChangeTier(Admitted(), new("strategic"), Now).Tier);
        Assert.Equal("tier-unchanged", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.ChangeTier(Admitted(), new("general"), Now)).Rule);
    }

    [Fact]
    public void Withdrawal_is_the_members_own_and_final()
    {
        Assert.Throws<Forbidden>(() => MemberDecisions.Withdraw(Admitted(), Secretariat, new(null), Now));
        var gone = Admitted().Apply(MemberDecisions.Withdraw(Admitted(), Admin, new("merger"), Now));

        Assert.Equal("member-has-left", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.ChangeTier(gone, new("strategic"), Now)).Rule);
        Assert.Equal("member-has-left", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.Rename(gone, Secretariat, new("X", null), Now)).Rule);
        Assert.Equal("member-has-left", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.RequestExpulsion(gone, Secretariat, new("x"), Guid.NewGuid(), Now)).Rule);
    }

    [Fact]
    public void Expulsion_follows_the_decision_on_the_pending_request_only()
    {
        var requested = MemberDecisions.RequestExpulsion(Admitted(), Secretariat, new("Repeated breaches"), Guid.NewGuid(), Now);
        var pending = Admitted().Apply(requested);

        Assert.Equal("expulsion-already-requested", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.RequestExpulsion(pending, Secretariat, new("again"), Guid.NewGuid(), Now)).Rule);
        Assert.Null(MemberDecisions.Expelled(pending, Guid.NewGuid(), Guid.NewGuid(), true, "approved", Now));
        Assert.IsType<MemberExpulsionRejected>(MemberDecisions.Expelled(pending, requested.RequestId, Guid.NewGuid(), false, "no-quorum", Now));
        Assert.Equal(MemberStatus.Expelled, pending.Apply((MemberExpelled)MemberDecisions.Expelled(pending, requested.RequestId, Guid.NewGuid(), true, "approved", Now)!).Status);
    }

    [Fact]
    public void A_refused_expulsion_request_is_no_longer_pending_so_the_secretariat_may_ask_again()
    {
        var requested = MemberDecisions.RequestExpulsion(Admitted(), Secretariat, new("Repeated breaches"), Guid.NewGuid(), Now);
        var pending = Admitted().Apply(requested);

        Assert.Null(MemberDecisions.ExpulsionRefused(pending, Guid.NewGuid(), "no-committee", "older request", Now));
        var refused = MemberDecisions.ExpulsionRefused(pending, requested.RequestId, "no-committee", "There is no committee with purpose 'general'.", Now)!;
        var after = pending.Apply(refused);

        Assert.Null(after.PendingExpulsion);
        Assert.Equal(MemberStatus.Admitted, after.Status);
        Assert.IsType<MemberExpulsionRequested>(MemberDecisions.RequestExpulsion(after, Secretariat, new("Repeated breaches"), Guid.NewGuid(), Now));
    }
}
