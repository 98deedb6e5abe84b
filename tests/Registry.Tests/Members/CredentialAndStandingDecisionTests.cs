using Alliance.Hosting;
using Alliance.Registry.Members;
using Xunit;

namespace Alliance.Registry.Tests.Members;

public sealed class CredentialAndStandingDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid A = Guid.Parse("0190f0f0-0000-7000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("0190f0f0-0000-7000-8000-00000000000b");

    private static Member Admitted(Guid id) =>
        Member.Create(new MemberApplied(id, "Sugon", "company", "CN", null, "office@sugon.example.cn", Now))
            .Apply(new MemberAdmitted(id, "Sugon", "company", "CN", "general", Now));

    private static Actor Secretariat => new("sec", null, new HashSet<string> { Roles.Secretariat });
    private static Actor AdminOf(Guid member) => new("adm", member, new HashSet<string> { Roles.MemberAdmin });
    private static Actor RepresentativeOf(Guid member) => new("rep", member, new HashSet<string> { Roles.Member });

    [Fact]
    public void Given_an_admitted_member_when_its_admin_issues_a_credential_then_it_is_recorded_without_a_secret()
    {
        var issued = MemberDecisions.IssueCredential(Admitted(A), AdminOf(A), new("member", " CI bot "), "m-1", Now);

        Assert.Equal(new MemberCredentialIssued(A, "m-1", "member", "CI bot", Now), issued);
    }

    [Fact]
    public void An_admin_of_another_member_or_a_plain_representative_is_forbidden()
    {
        Assert.Throws<Forbidden>(() => MemberDecisions.IssueCredential(Admitted(A), AdminOf(B), new("member", null), "m-1", Now));
        Assert.Throws<Forbidden>(() => MemberDecisions.IssueCredential(Admitted(A), RepresentativeOf(A), new("member", null), "m-1", Now));
    }

    [Fact]
    public void Only_the_secretariat_appoints_reviewers()
    {
        Assert.Equal("reviewer", MemberDecisions.IssueCredential(Admitted(A), Secretariat, new("reviewer", null), "m-1", Now).Role);
        var refused = Assert.Throws<ValidationFailed>(() => MemberDecisions.IssueCredential(Admitted(A), AdminOf(A), new("reviewer", null), "m-1", Now));
        Assert.Equal(["role"], refused.Errors.Keys);
    }

    [Fact]
    public void Given_a_suspension_then_every_active_credential_is_revoked_and_none_can_be_issued()
    {
        var member = Admitted(A)
            .Apply(new MemberCredentialIssued(A, "m-1", "member", null, Now))
            .Apply(new MemberCredentialIssued(A, "m-2", "member-admin", null, Now));

        var suspended = MemberDecisions.Suspend(member, new("Unpaid dues"), Now);
        var after = member.Apply(suspended);

        Assert.Equal(["m-1", "m-2"], suspended.RevokedClientIds);
        Assert.Empty(after.ActiveClientIds);
        var refused = Assert.Throws<DomainRuleViolated>(() => MemberDecisions.IssueCredential(after, Secretariat, new("member", null), "m-3", Now));
        Assert.Equal("credentials-require-admitted-member", refused.Rule);
    }

    [Fact]
    public void Revoking_a_credential_that_is_not_active_is_not_found()
    {
        var member = Admitted(A).Apply(new MemberCredentialIssued(A, "m-1", "member", null, Now));

        Assert.Equal(new MemberCredentialRevoked(A, "m-1", Now), MemberDecisions.RevokeCredential(member, Secretariat, "m-1", Now));
        Assert.Throws<NotFound>(() => MemberDecisions.RevokeCredential(member.Apply(new MemberCredentialRevoked(A, "m-1", Now)), Secretariat, "m-1", Now));
    }

    [Fact]
    public void An_applicant_cannot_be_suspended_and_an_admitted_member_cannot_be_reinstated()
    {
        var applicant = Member.Create(new MemberApplied(A, "Sugon", "company", "CN", null, "office@sugon.example.cn", Now));

        Assert.Equal("suspension-requires-admitted-member", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.Suspend(applicant, new("x"), Now)).Rule);
        Assert.Equal("reinstatement-requires-suspension", Assert.Throws<DomainRuleViolated>(() => MemberDecisions.Reinstate(Admitted(A), Now)).Rule);
    }

    [Fact]
    public void Erasure_is_recorded_once_and_names_the_fields_not_their_values()
    {
        var erased = MemberDecisions.Erase(Admitted(A), new("Verified request"), Now)!;
        var after = Admitted(A).Apply(erased);

        Assert.Equal(["contactEmail"], erased.Fields);
        Assert.DoesNotContain("office@sugon.example.cn", System.Text.Json.JsonSerializer.Serialize(erased));
        Assert.Equal(Member.Erased, after.ContactEmail);
        Assert.Null(MemberDecisions.Erase(after, new("Again"), Now));
    }
}
