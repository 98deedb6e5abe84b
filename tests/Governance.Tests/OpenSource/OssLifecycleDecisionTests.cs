using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

public sealed class OssLifecycleDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Sponsor = Guid.NewGuid();
    private static readonly Guid OtherMember = Guid.NewGuid();

    private static string? Names(Guid id) => id == Sponsor ? "Sponsor Co" : id == OtherMember ? "Other Co" : null;

    private static OssProject Proposed(string licence = "Apache-2.0")
    {
        var e = OssProjectDecisions.Decide(Guid.NewGuid(), new OssProjectDecisions.Propose("OpenCompute Runtime", "https://example.org/ocr", "A runtime", licence, Sponsor,
            [new("alice", "Alice", Sponsor, null)]), Names, SpdxParser.Default, Now);
        return OssProject.Create(e);
    }

    private static Verdict Licence(OssProject p) => PolicyEvaluationTests.Judge(p.Licence);

    private static string[] Unmet(OssProject p, string to, bool covered = true) =>
        Assert.Throws<DomainRuleViolated>(() => OssProjectDecisions.RequestStage(p, to, Guid.NewGuid(), Licence(p), _ => covered, Now)).Unmet!.ToArray();

    [Fact]
    public void A_proposal_is_validated_field_by_field()
    {
        var refused = Assert.Throws<ValidationFailed>(() => OssProjectDecisions.Decide(Guid.NewGuid(),
            new OssProjectDecisions.Propose("", "ftp://x", null, "MIT AND", Guid.NewGuid(), [new("bad handle", "B", null, null)]), Names, SpdxParser.Default, Now));

        Assert.Equal(["name", "repositoryUrl", "description", "licence", "sponsorMemberId", "maintainers[0].handle", "maintainers[0].affiliation"], refused.Errors.Keys);
    }

    [Fact]
    public void Sandbox_needs_an_allowed_licence()
    {
        var unmet = Assert.Single(Unmet(Proposed("MPL-2.0"), Stages.Sandbox));

        Assert.Contains("the licence MPL-2.0 is restricted under the policy, not allowed", unmet);
        var requested = OssProjectDecisions.RequestStage(Proposed(), Stages.Sandbox, Guid.NewGuid(), Licence(Proposed()), _ => true, Now);
        Assert.Equal((Stages.Proposed, Stages.Sandbox), (requested.From, requested.To));
    }

    [Fact]
    public void Incubation_needs_an_adopter()
    {
        var p = Proposed();

        Assert.Equal(["incubation needs at least one recorded adopter"], Unmet(p, Stages.Incubating));
        p = p.Apply(OssProjectDecisions.Adopter(p, new("Acme Cloud", "https://acme.example/case"), Now));
        Assert.Equal(Stages.Incubating, OssProjectDecisions.RequestStage(p, Stages.Incubating, Guid.NewGuid(), Licence(p), _ => true, Now).To);
    }

    [Fact]
    public void Graduation_lists_every_unmet_criterion_at_once()
    {
        var p = Proposed() with { Stage = Stages.Incubating, Adopters = ["Acme"] };

        var unmet = Unmet(p, Stages.Graduated);

        Assert.Equal(4, unmet.Length);
        Assert.Contains(unmet, u => u.Contains("maintainers from at least two organisations"));
        Assert.Contains(unmet, u => u.Contains("at least three adopters (1 recorded)"));
        Assert.Contains(unmet, u => u.Contains("security review"));
        Assert.Contains(unmet, u => u.Contains("set a DCO or CLA policy"));
    }

    [Fact]
    public void Graduation_passes_once_everything_is_recorded_and_a_cla_covers_every_maintainer()
    {
        var p = Proposed() with { Stage = Stages.Incubating, Adopters = ["A", "B", "C"], SecurityReviews = 1 };
        p = p.Apply(OssProjectDecisions.Join(p, new("bob", "Bob", OtherMember, null), Names, Now));
        p = p.Apply(OssProjectDecisions.ContributorPolicy(p, new(true, true), Now));

        Assert.Contains("covered by none: alice, bob", Assert.Single(Unmet(p, Stages.Graduated, covered: false)));
        Assert.Equal(Stages.Graduated, OssProjectDecisions.RequestStage(p, Stages.Graduated, Guid.NewGuid(), Licence(p), _ => true, Now).To);
    }

    [Fact]
    public void An_emeritus_maintainer_no_longer_counts_for_diversity()
    {
        var p = Proposed() with { Stage = Stages.Incubating, Adopters = ["A", "B", "C"], SecurityReviews = 1, Dco = true };
        p = p.Apply(OssProjectDecisions.Join(p, new("bob", "Bob", OtherMember, null), Names, Now));
        p = p.Apply(OssProjectDecisions.Retire(p, "BOB", Now));

        Assert.Contains("active maintainers come from 1", Assert.Single(Unmet(p, Stages.Graduated)));
        Assert.Throws<DomainRuleViolated>(() => OssProjectDecisions.Retire(p, "bob", Now));
    }

    [Fact]
    public void Only_the_lifecycle_moves_are_allowed_and_one_ballot_at_a_time()
    {
        var p = Proposed();
        Assert.Equal("stage-move-not-allowed", Assert.Throws<DomainRuleViolated>(() => OssProjectDecisions.RequestStage(p, Stages.Graduated, Guid.NewGuid(), Licence(p), _ => true, Now)).Rule);
        Assert.Equal(["stage"], Assert.Throws<ValidationFailed>(() => OssProjectDecisions.RequestStage(p, "mature", Guid.NewGuid(), Licence(p), _ => true, Now)).Errors.Keys);

        var ballot = Guid.NewGuid();
        p = p.Apply(OssProjectDecisions.RequestStage(p, Stages.Sandbox, ballot, Licence(p), _ => true, Now));
        Assert.Equal("stage-ballot-pending", Assert.Throws<DomainRuleViolated>(() => OssProjectDecisions.RequestStage(p, Stages.Sandbox, Guid.NewGuid(), Licence(p), _ => true, Now)).Rule);

        Assert.Null(OssProjectDecisions.Decided(p, Guid.NewGuid(), Guid.NewGuid(), true, "approved", Now));
        var moved = Assert.IsType<StageChanged>(OssProjectDecisions.Decided(p, ballot, Guid.NewGuid(), true, "approved", Now));
        p = p.Apply(moved);
        Assert.Equal(Stages.Sandbox, p.Stage);
        Assert.Null(OssProjectDecisions.Decided(p, ballot, Guid.NewGuid(), true, "approved", Now));
    }

    [Fact]
    public void Archiving_needs_no_criteria_and_an_archived_project_returns_through_the_normal_process()
    {
        var p = Proposed("GPL-3.0-only") with { Stage = Stages.Sandbox };

        Assert.Equal(Stages.Archived, OssProjectDecisions.RequestStage(p, Stages.Archived, Guid.NewGuid(), Licence(p), _ => true, Now).To);
        Assert.Equal([Stages.Sandbox, Stages.Incubating], Stages.Next[Stages.Archived]);
    }
}
