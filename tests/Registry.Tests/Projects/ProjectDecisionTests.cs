using Alliance.Hosting;
using Alliance.Registry.Projects;
using Xunit;

namespace Alliance.Registry.Tests.Projects;

public sealed class ProjectDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Lead = Guid.NewGuid(), Uni = Guid.NewGuid(), Other = Guid.NewGuid(), Suspended = Guid.NewGuid();
    private static readonly Actor LeadRep = new("l", Lead, new HashSet<string> { Roles.Member });
    private static readonly Actor UniRep = new("u", Uni, new HashSet<string> { Roles.Member });

    private static ProjectDecisions.MemberInfo? Members(Guid id) =>
        id == Suspended ? new(id, "suspended", "company") : id == Lead || id == Uni || id == Other ? new(id, "admitted", id == Uni ? "university" : "company") : null;

    private static ProjectDecisions.Propose Proposal(params ProjectDecisions.PartnerRequest[] partners) => new(
        "Open RISC-V AI accelerator", "A shared accelerator design", ["AI-Chips", "risc-v"], Lead,
        partners.Length > 0 ? partners : [new(Uni, "academic-partner")], new DateOnly(2027, 1, 1), new DateOnly(2029, 12, 31), new(5_000_000m, "CNY"), "shared");

    private static Project Proposed() => Project.Create(ProjectDecisions.Decide(Guid.NewGuid(), Proposal(), LeadRep, Members, Now));

    private static Project Approved()
    {
        var p = Proposed();
        p = p.Apply((PartnerAccepted)ProjectDecisions.Consent(p, Uni, UniRep, true, null, Now));
        var submitted = ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, "technical-oversight", null, Now);
        p = p.Apply(submitted);
        return p.Apply((ProjectApproved)ProjectDecisions.Decided(p, submitted.RequestId, Guid.NewGuid(), Guid.NewGuid(), true, "approved", Now)!);
    }

    [Fact]
    public void A_valid_proposal_normalises_research_areas_and_invites_partners()
    {
        var proposed = ProjectDecisions.Decide(Guid.NewGuid(), Proposal(), LeadRep, Members, Now);

        Assert.Equal(["ai-chips", "risc-v"], proposed.ResearchAreas);
        Assert.Equal("invited", Project.Create(proposed).Partners.Single().Consent);
    }

    [Fact]
    public void A_proposal_names_every_bad_field()
    {
        var bad = Proposal() with { Partners = [], PlannedEnd = new DateOnly(2026, 12, 1), Budget = new(-1, "RMB"), IpPolicy = "secret", ResearchAreas = [] };

        var refused = Assert.Throws<ValidationFailed>(() => ProjectDecisions.Decide(Guid.NewGuid(), bad, LeadRep, Members, Now));

        Assert.Equal(["researchAreas", "partners", "plannedEnd", "budget.amount", "budget.currency", "ipPolicy"], refused.Errors.Keys);
    }

    [Theory]
    [InlineData("CNY", true), InlineData("EUR", true), InlineData("USD", true), InlineData("XOF", true), InlineData("SLE", true)]
    [InlineData("cny", false), InlineData("RMB", false), InlineData("XAU", false), InlineData("XTS", false), InlineData("XXX", false), InlineData("BOV", false)]
    public void A_budget_is_in_a_currency_of_iso_4217_not_a_metal_a_fund_or_a_test_code(string currency, bool accepted)
    {
        var proposal = Proposal() with { Budget = new(1_000m, currency) };

        if (accepted) Assert.Equal(currency, ProjectDecisions.Decide(Guid.NewGuid(), proposal, LeadRep, Members, Now).Budget?.Currency);
        else Assert.Equal(["budget.currency"], Assert.Throws<ValidationFailed>(() => ProjectDecisions.Decide(Guid.NewGuid(), proposal, LeadRep, Members, Now)).Errors.Keys);
    }

    [Fact]
    public void The_lead_is_not_its_own_partner_and_only_its_representative_proposes()
    {
        Assert.Throws<ValidationFailed>(() => ProjectDecisions.Decide(Guid.NewGuid(), Proposal(new ProjectDecisions.PartnerRequest(Lead, "partner")), LeadRep, Members, Now));
        Assert.Throws<Forbidden>(() => ProjectDecisions.Decide(Guid.NewGuid(), Proposal(), UniRep, Members, Now));
    }

    [Fact]
    public void Suspended_or_unknown_members_cannot_join() =>
        Assert.Equal("project-members-must-be-admitted", Assert.Throws<DomainRuleViolated>(() =>
            ProjectDecisions.Decide(Guid.NewGuid(), Proposal(new ProjectDecisions.PartnerRequest(Suspended, "partner")), LeadRep, Members, Now)).Rule);

    [Fact]
    public void Submission_waits_for_every_partner_and_needs_two_organisations()
    {
        var p = Proposed();
        Assert.Equal("all-partners-must-accept", Assert.Throws<DomainRuleViolated>(() => ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, null, null, Now)).Rule);

        var declined = p.Apply((PartnerDeclined)ProjectDecisions.Consent(p, Uni, UniRep, false, "no capacity", Now));
        Assert.Equal("joint-project-needs-two-organisations", Assert.Throws<DomainRuleViolated>(() => ProjectDecisions.Submit(declined, LeadRep, Guid.NewGuid(), null, null, null, Now)).Rule);
    }

    [Fact]
    public void Only_the_invited_partner_consents_for_itself() =>
        Assert.Throws<Forbidden>(() => ProjectDecisions.Consent(Proposed(), Uni, LeadRep, true, null, Now));

    [Fact]
    public void A_decision_on_an_older_request_changes_nothing()
    {
        var p = Proposed();
        p = p.Apply((PartnerAccepted)ProjectDecisions.Consent(p, Uni, UniRep, true, null, Now));
        p = p.Apply(ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, null, null, Now));

        Assert.Null(ProjectDecisions.Decided(p, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), true, "approved", Now));
    }

    [Fact]
    public void A_refused_approval_request_puts_the_project_back_to_proposed_with_the_reason_and_it_may_be_submitted_again()
    {
        var p = Proposed();
        p = p.Apply((PartnerAccepted)ProjectDecisions.Consent(p, Uni, UniRep, true, null, Now));
        var submitted = ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, "technical-oversight", null, Now);
        p = p.Apply(submitted);

        Assert.Null(ProjectDecisions.Refused(p, Guid.NewGuid(), "no-committee", "older request", Now));
        var refused = ProjectDecisions.Refused(p, submitted.RequestId, "no-committee", "There is no committee with purpose 'technical-oversight'.", Now)!;
        p = p.Apply(refused);

        Assert.Equal((ProjectStatus.Proposed, (Guid?)null), (p.Status, p.PendingRequestId));
        Assert.Equal(("no-committee", submitted.RequestId), (p.LastRefusal!.Rule, p.LastRefusal.RequestId));
        var again = ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, "technical-oversight", null, Now);
        Assert.Null(p.Apply(again).LastRefusal);
        // A late refusal of the first request, or a decision on it, no longer touches the project.
        Assert.Null(ProjectDecisions.Refused(p.Apply(again), submitted.RequestId, "no-committee", "late", Now));
    }

    [Fact]
    public void A_project_cancelled_while_under_ballot_takes_no_decision_and_no_refusal()
    {
        var p = Proposed();
        p = p.Apply((PartnerAccepted)ProjectDecisions.Consent(p, Uni, UniRep, true, null, Now));
        var submitted = ProjectDecisions.Submit(p, LeadRep, Guid.NewGuid(), null, "technical-oversight", null, Now);
        p = p.Apply(submitted);
        p = p.Apply(ProjectDecisions.Cancel(p, LeadRep, "funding withdrawn", Now));

        Assert.Null(ProjectDecisions.Decided(p, submitted.RequestId, Guid.NewGuid(), Guid.NewGuid(), true, "approved", Now));
        Assert.Null(ProjectDecisions.Refused(p, submitted.RequestId, "no-committee", "none", Now));
    }

    [Fact]
    public void Milestones_come_after_approval_and_completion_needs_evidence()
    {
        Assert.Equal("milestones-require-approval", Assert.Throws<DomainRuleViolated>(() =>
            ProjectDecisions.Plan(Proposed(), LeadRep, Guid.NewGuid(), new("M1", new DateOnly(2027, 6, 30), "RTL"), Now)).Rule);
        var p = Approved();
        var planned = ProjectDecisions.Plan(p, LeadRep, Guid.NewGuid(), new("M1", new DateOnly(2027, 6, 30), "RTL"), Now);
        p = p.Apply(planned);

        var refused = Assert.Throws<ValidationFailed>(() => ProjectDecisions.Complete(p, LeadRep, planned.MilestoneId, new(new DateOnly(2027, 1, 1), "ftp://x", "abc"), Now));
        Assert.Equal(["completedOn", "evidenceUrl", "deliverableSha256"], refused.Errors.Keys);
        Assert.Equal("open-milestones", Assert.Throws<DomainRuleViolated>(() => ProjectDecisions.Finish(p, LeadRep, Now)).Rule);
        var done = ProjectDecisions.Complete(p, LeadRep, planned.MilestoneId, new(new DateOnly(2026, 11, 29), "https://git.example.org/rtl", new string('a', 64)), Now);
        Assert.IsType<ProjectCompleted>(ProjectDecisions.Finish(p.Apply(done), LeadRep, Now));
    }

    [Fact]
    public void A_member_that_leaves_the_alliance_leaves_its_projects_and_a_departing_lead_cancels_them()
    {
        var p = Approved();

        Assert.Equal("member-withdrew", Assert.IsType<PartnerLeft>(ProjectDecisions.MemberGone(p, Uni, "member-withdrew", Now)).Why);
        Assert.IsType<ProjectCancelled>(ProjectDecisions.MemberGone(p, Lead, "member-expelled", Now));
        Assert.Null(ProjectDecisions.MemberGone(p, Other, "member-withdrew", Now));
        Assert.Equal(1, p.Apply((PartnerLeft)ProjectDecisions.MemberGone(p, Uni, "member-withdrew", Now)!).Organisations);
    }

    [Fact]
    public void A_new_partner_joins_after_approval_only_with_its_consent()
    {
        var p = Approved();
        var invited = ProjectDecisions.Invite(p, LeadRep, new(Other, "partner"), Members, Now);
        p = p.Apply(invited);

        Assert.Equal("invited", p.Partners.Single(x => x.MemberId == Other).Consent);
        Assert.Equal("already-in-project", Assert.Throws<DomainRuleViolated>(() => ProjectDecisions.Invite(p, LeadRep, new(Uni, "partner"), Members, Now)).Rule);
    }
}
