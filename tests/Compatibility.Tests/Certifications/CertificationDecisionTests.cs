using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Compatibility.Tests.Certifications;

public sealed class CertificationDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Vendor = Guid.NewGuid(), Product = Guid.NewGuid(), Committee = Guid.NewGuid();
    private static readonly Actor VendorRep = new("v", Vendor, new HashSet<string> { Roles.Member });
    private static readonly Actor Reviewer = new("r", Guid.NewGuid(), new HashSet<string> { Roles.Reviewer });

    private static Standard Aci(ValidityRule? rule = null, int earlier = 1, params string[] ratified)
    {
        var s = Standard.Create(StandardDecisions.Decide(Guid.NewGuid(), new("ACI", "Alliance Compute Interface", null, Committee, rule, earlier), Now));
        foreach (var version in new[] { "1.0", "2.0", "3.0" })
        {
            s = s.Apply(StandardDecisions.Decide(s, new(version, [new("R1", "MUST", "Runs the suite"), new("R2", "SHOULD", "Metrics")], []), Now));
            if (ratified.Contains(version))
            {
                var requested = StandardDecisions.RequestRatification(s, version, VendorRep, Guid.NewGuid(), Now);
                s = s.Apply(requested);
                s = s.Apply((StandardVersionRatified)StandardDecisions.Decided(s, version, requested.RequestId, Guid.NewGuid(), true, "approved", Now.AddDays(ratified.ToList().IndexOf(version) - 10))!);
            }
        }
        return s;
    }

    private static CertificationSubmitted Submit(Standard s, string version, string r1 = "pass", string? vendorStatus = "admitted", Func<Prerequisite, bool>? prerequisites = null) =>
        CertificationDecisions.Decide(Guid.NewGuid(), new(Product, "1.0", "ACI", version, [new("R1", r1, null, null, null)], null),
            new(Vendor, vendorStatus, s, prerequisites ?? (_ => true)), VendorRep, Now);

    [Fact]
    public void Every_failing_check_is_listed_with_its_reason()
    {
        var failed = Submit(Aci(ratified: ["1.0"]), "2.0", r1: "fail", vendorStatus: "suspended").ChecksFailed;

        Assert.Collection(failed,
            f => Assert.StartsWith("version-not-ratified", f),
            f => Assert.StartsWith("must-not-passed: R1", f),
            f => Assert.StartsWith("vendor-not-in-good-standing", f));
    }

    [Fact]
    public void Only_the_newest_ratified_versions_within_the_window_are_certifiable()
    {
        var s = Aci(earlier: 1, ratified: ["1.0", "2.0", "3.0"]);

        Assert.Equal(["3.0", "2.0"], s.Certifiable());
        Assert.StartsWith("version-not-certifiable", Submit(s, "1.0").ChecksFailed.Single());
        Assert.Empty(Submit(s, "2.0").ChecksFailed);
    }

    [Fact]
    public void Results_for_unknown_requirements_and_unjustified_not_applicable_are_bad_input()
    {
        var s = Aci(ratified: ["1.0"]);
        Assert.Throws<ValidationFailed>(() => CertificationDecisions.Decide(Guid.NewGuid(),
            new(Product, "1.0", "ACI", "1.0", [new("R9", "pass", null, null, null)], null), new(Vendor, "admitted", s, _ => true), VendorRep, Now));
        Assert.Throws<ValidationFailed>(() => CertificationDecisions.Decide(Guid.NewGuid(),
            new(Product, "1.0", "ACI", "1.0", [new("R1", "not-applicable", null, null, null)], null), new(Vendor, "admitted", s, _ => true), VendorRep, Now));
        Assert.Throws<Forbidden>(() => CertificationDecisions.Decide(Guid.NewGuid(),
            new(Product, "1.0", "ACI", "1.0", [new("R1", "pass", null, null, null)], null), new(Guid.NewGuid(), "admitted", s, _ => true), VendorRep, Now));
    }

    [Fact]
    public void A_missing_prerequisite_fails_the_checks()
    {
        var s = Aci(ratified: ["1.0"]);
        s = s with { Versions = s.Versions.Select(v => v with { Prerequisites = [new("BASE", null)] }).ToArray() };

        Assert.StartsWith("prerequisite-missing", Submit(s, "1.0", prerequisites: _ => false).ChecksFailed.Single());
    }

    [Fact]
    public void A_grant_follows_the_validity_rule_and_refuses_a_conflict_of_interest()
    {
        var c = Certification.Create(Submit(Aci(ratified: ["1.0"]), "1.0"));

        Assert.Equal(Now.AddMonths(24), CertificationDecisions.Grant(c, Reviewer, new("fixed", 24, null), Now).ValidUntil);
        Assert.Null(CertificationDecisions.Grant(c, Reviewer, new("later-of", 12, 9), Now).ValidUntil);
        var ownLab = new Actor("lab", Vendor, new HashSet<string> { Roles.Reviewer });
        Assert.Equal("conflict-of-interest", Assert.Throws<DomainRuleViolated>(() => CertificationDecisions.Grant(c, ownLab, new("none", null, null), Now)).Rule);
    }

    [Fact]
    public void Failed_checks_cannot_be_granted_and_only_a_certification_can_be_revoked()
    {
        var failed = Certification.Create(Submit(Aci(), "1.0"));

        Assert.Equal("grant-requires-passed-checks", Assert.Throws<DomainRuleViolated>(() => CertificationDecisions.Grant(failed, Reviewer, new("none", null, null), Now)).Rule);
        Assert.Equal("revocation-requires-certification", Assert.Throws<DomainRuleViolated>(() => CertificationDecisions.Revoke(failed, "forged", Now)).Rule);
    }

    [Fact]
    public void Standards_refuse_bad_codes_rules_and_duplicate_versions()
    {
        var refused = Assert.Throws<ValidationFailed>(() => StandardDecisions.Decide(Guid.NewGuid(), new("aci", "", null, null, new("fixed", 0, null), 30), Now));
        Assert.Equal(["code", "title", "committeeId", "validity", "certifiableEarlierVersions"], refused.Errors.Keys);
        var s = Aci();
        Assert.Equal("version-exists", Assert.Throws<DomainRuleViolated>(() => StandardDecisions.Decide(s, new("1.0", [new("R1", "MUST", "x")], []), Now)).Rule);
    }

    [Fact]
    public void A_non_conformance_not_cured_in_time_revokes_and_a_cured_one_does_not()
    {
        var granted = Certification.Create(Submit(Aci(ratified: ["1.0"]), "1.0"));
        granted = granted.Apply(CertificationDecisions.Grant(granted, Reviewer, new("fixed", 24, null), Now));
        var noticed = granted.Apply(CertificationDecisions.Notify(granted, Reviewer, new("Metrics endpoint missing", null), Now));

        Assert.Equal(Now.AddDays(30), noticed.CureBy);
        Assert.Null(CertificationDecisions.Due(noticed, Now.AddDays(29)));
        var revoked = Assert.IsType<CertificationRevoked>(CertificationDecisions.Due(noticed, Now.AddDays(31)));
        Assert.Equal(Now.AddDays(30), revoked.RevokedAt);
        var cured = noticed.Apply(CertificationDecisions.Cure(noticed, VendorRep, "https://ci.example.org/fix", Now.AddDays(3)));
        Assert.Null(CertificationDecisions.Due(cured, Now.AddDays(31)));
        Assert.Equal("cure-deadline-passed", Assert.Throws<DomainRuleViolated>(() => CertificationDecisions.Cure(noticed, VendorRep, "https://ci.example.org/fix", Now.AddDays(40))).Rule);
        Assert.IsType<CertificationExpired>(CertificationDecisions.Due(cured, Now.AddMonths(25)));
    }

    [Fact]
    public void A_ratified_version_is_withdrawn_only_by_an_approving_decision_and_a_newer_one_supersedes_it()
    {
        var s = Aci(ratified: ["1.0", "2.0"]);
        Assert.Equal("withdrawal-requires-ratified-version", Assert.Throws<DomainRuleViolated>(() => StandardDecisions.RequestWithdrawal(s, "3.0", VendorRep, "flaw", Guid.NewGuid(), Now)).Rule);
        var requested = StandardDecisions.RequestWithdrawal(s, "1.0", VendorRep, "Security flaw", Guid.NewGuid(), Now);
        var pending = s.Apply(requested);

        Assert.Null(StandardDecisions.Decided(pending, "1.0", requested.RequestId, Guid.NewGuid(), false, "rejected", Now));
        var withdrawn = pending.Apply(Assert.IsType<StandardVersionWithdrawn>(StandardDecisions.Decided(pending, "1.0", requested.RequestId, Guid.NewGuid(), true, "approved", Now)));
        Assert.Equal("withdrawn", withdrawn.Version("1.0")!.Status);
        Assert.Equal("superseded", s.DisplayStatus(s.Version("1.0")!));
        Assert.Equal("ratified", s.DisplayStatus(s.Version("2.0")!));
    }
}
