using Alliance.Governance.Ballots;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Invariants of the engine over random tallies, for every profile that has a yes and a no.</summary>
public sealed class TallyPropertyTests
{
    private static readonly RuleProfile[] WithYesAndNo = RuleProfiles.All
        .Where(p => p.Parameters.Positions.Any(x => x.Category == Category.Yes) && p.Parameters.Positions.Any(x => x.Category == Category.No)).ToArray();

    private static Gen<(int Profile, int Yes, int No, int Abstain, int Silent)> Tallies =>
        from profile in Gen.Choose(0, WithYesAndNo.Length - 1)
        from yes in Gen.Choose(0, 30)
        from no in Gen.Choose(1, 30)
        from abstain in Gen.Choose(0, 10)
        from silent in Gen.Choose(0, 10)
        select (profile, yes, no, abstain, silent);

    private static BallotCase Case(RuleProfile profile, int yes, int no, int abstain, int silent)
    {
        string Of(Category c) => profile.Parameters.Positions.First(p => p.Category == c).Position;
        return new BallotCase(profile.Id).Binding(Of(Category.Yes), yes).Binding(Of(Category.No), no)
            .Binding(profile.Parameters.Positions.FirstOrDefault(p => p.Category == Category.Abstain)?.Position ?? Of(Category.Yes), abstain)
            .Silent(silent).AllPresent();
    }

    [Fact]
    public void Turning_one_no_into_a_yes_never_turns_an_approval_into_anything_else() =>
        Prop.ForAll(Tallies.ToArbitrary(), t =>
        {
            var profile = WithYesAndNo[t.Profile];
            var before = Case(profile, t.Yes, t.No, t.Abstain, t.Silent).Outcome;
            var after = Case(profile, t.Yes + 1, t.No - 1, t.Abstain, t.Silent).Outcome;
            return before != profile.Parameters.ApprovedOutcome || after == profile.Parameters.ApprovedOutcome;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Counters_account_for_every_binding_voter() =>
        Prop.ForAll(Tallies.ToArbitrary(), t =>
        {
            var tally = Case(WithYesAndNo[t.Profile], t.Yes, t.No, t.Abstain, t.Silent).Tally;
            return tally.Eligible == tally.Yes + tally.No + tally.Abstain + tally.NoObjection + tally.Block + tally.Recused + tally.NoPosition + tally.Invalid;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Adding_silent_voters_never_helps_a_profile_that_counts_the_eligible() =>
        Prop.ForAll(Tallies.ToArbitrary(), t =>
        {
            var profile = WithYesAndNo[t.Profile];
            var before = Case(profile, t.Yes, t.No, t.Abstain, t.Silent).Outcome;
            var after = Case(profile, t.Yes, t.No, t.Abstain, t.Silent + 1).Outcome;
            return profile.Parameters.ThresholdOf != Base.Eligible || before == profile.Parameters.ApprovedOutcome || after != profile.Parameters.ApprovedOutcome;
        }).QuickCheckThrowOnFailure();
}
