using Alliance.Hosting;
using Alliance.Registry.Members;
using Xunit;

namespace Alliance.Registry.Tests.Members;

// Given events → when a command → then events (or a refusal). Pure functions, no I/O.
public sealed class MemberDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0190f0f0-0000-7000-8000-000000000001");

    private static ApplicationRequest Application(string? name = "  Hygon  ", string? kind = "company", string? country = "CN",
        string? website = "https://www.hygon.cn", string? email = "office@hygon.example.cn") => new(name, kind, country, website, email);

    [Fact]
    public void When_a_valid_application_is_made_then_the_member_has_applied_with_a_trimmed_name()
    {
        var applied = MemberDecisions.Apply(Id, Application(), Now);

        Assert.Equal(new MemberApplied(Id, "Hygon", "company", "CN", "https://www.hygon.cn", "office@hygon.example.cn", Now), applied);
    }

    [Fact]
    public void When_an_application_has_several_bad_fields_then_every_one_is_named()
    {
        var refused = Assert.Throws<ValidationFailed>(() =>
            MemberDecisions.Apply(Id, Application(name: " ", kind: "startup", country: "cn", website: "ftp://x.org", email: "a@b"), Now));

        Assert.Equal(["name", "kind", "country", "website", "contactEmail"], refused.Errors.Keys);
    }

    [Theory]
    [InlineData("XK")] // user-assigned, not ISO 3166-1
    [InlineData("ZZ")]
    [InlineData("CHN")]
    public void When_the_country_is_not_an_assigned_alpha2_code_then_it_is_refused(string country)
    {
        var refused = Assert.Throws<ValidationFailed>(() => MemberDecisions.Apply(Id, Application(country: country), Now));

        Assert.Equal(["country"], refused.Errors.Keys);
    }

    [Fact]
    public void The_country_list_holds_the_249_assigned_codes() => Assert.Equal(249, CountryCodes.Count);

    [Fact]
    public void Given_an_applicant_when_admitted_then_the_admission_carries_what_other_services_need()
    {
        var member = Member.Create(MemberDecisions.Apply(Id, Application(), Now));

        var admitted = MemberDecisions.Admit(member, new AdmissionRequest("academic"), Now.AddDays(1));

        Assert.Equal(new MemberAdmitted(Id, "Hygon", "company", "CN", "academic", Now.AddDays(1)), admitted);
        Assert.Equal(MemberStatus.Admitted, member.Apply(admitted).Status);
    }

    [Fact]
    public void Given_an_admitted_member_when_admitted_again_then_the_rule_refuses()
    {
        var member = Member.Create(MemberDecisions.Apply(Id, Application(), Now))
            .Apply(new MemberAdmitted(Id, "Hygon", "company", "CN", "general", Now));

        var refused = Assert.Throws<DomainRuleViolated>(() => MemberDecisions.Admit(member, new AdmissionRequest("general"), Now));

        Assert.Equal("admission-requires-application", refused.Rule);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("platinum")]
    public void When_the_tier_is_missing_or_unknown_then_tier_is_named(string? tier)
    {
        var member = Member.Create(MemberDecisions.Apply(Id, Application(), Now));

        var refused = Assert.Throws<ValidationFailed>(() => MemberDecisions.Admit(member, new AdmissionRequest(tier), Now));

        Assert.Equal(["tier"], refused.Errors.Keys);
    }
}
