using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Compatibility.Tests.Certifications;

/// <summary>The later-of rule with the Certified Kubernetes numbers, worked by hand from the release dates.</summary>
public sealed class CertificationValidityTests
{
    private static readonly Actor Secretariat = new("s", null, new HashSet<string> { Roles.Secretariat });
    private static readonly ValidityRule Kubernetes = new("later-of", 12, 9, "ratification");

    private static DateTimeOffset Day(int y, int m, int d) => new(y, m, d, 0, 0, 0, TimeSpan.Zero);

    private static Standard K8s(ValidityRule rule, params (string Version, DateTimeOffset Released)[] versions)
    {
        var s = Standard.Create(StandardDecisions.Decide(Guid.NewGuid(), new("K8S", "Certified Kubernetes", null, Guid.NewGuid(), rule, 20), Day(2017, 1, 1)));
        foreach (var (version, released) in versions)
        {
            s = s.Apply(StandardDecisions.Decide(s, new(version, [new("CONFORMANCE", "MUST", "Passes")], []), Day(2017, 1, 1)));
            s = s.Apply(StandardDecisions.RatifyHistorically(s, version, new(released, "release"), Day(2026, 12, 1)));
        }
        return s;
    }

    private static Certification Granted(Standard s, string version, DateTimeOffset at)
    {
        var submitted = CertificationDecisions.Decide(Guid.NewGuid(), new(Guid.NewGuid(), "1", "K8S", version, [new("CONFORMANCE", "pass", null, null, null)], null, at, "row"),
            new(Guid.NewGuid(), "admitted", s, _ => true), Secretariat, Day(2026, 12, 1));
        var c = Certification.Create(submitted);
        return c.Apply(CertificationDecisions.Grant(c, Secretariat, s.Validity, Day(2026, 12, 1), new(at, "row", false), s));
    }

    [Fact]
    public void The_mark_of_x_y_ends_at_the_later_of_a_year_after_its_release_and_nine_months_after_x_y_plus_1()
    {
        // v1.7 released 2017-06-30, v1.8 2017-09-29: 2018-06-30 is later than 2018-06-29.
        var s = K8s(Kubernetes, ("v1.7", Day(2017, 6, 30)), ("v1.8", Day(2017, 9, 29)), ("v1.9", Day(2017, 12, 15)), ("v1.10", Day(2018, 3, 26)));
        Assert.Equal(Day(2018, 6, 30), Granted(s, "v1.7", Day(2017, 11, 2)).ValidUntil);
        // v1.9: 2018-12-15 against 2018-12-26 (9 months after v1.10): the later one.
        Assert.Equal(Day(2018, 12, 26), Granted(s, "v1.9", Day(2018, 1, 10)).ValidUntil);
        // The newest version has no successor yet, so no end.
        Assert.Null(Granted(s, "v1.10", Day(2018, 4, 1)).ValidUntil);
    }

    [Fact]
    public void An_end_learnt_after_the_grant_is_recorded_once_and_then_falls_due()
    {
        var before = K8s(Kubernetes, ("v1.35", Day(2025, 12, 17)));
        var c = Granted(before, "v1.35", Day(2026, 1, 10));
        Assert.Null(c.ValidUntil);
        Assert.Null(CertificationDecisions.FixEnd(c, before, Day(2026, 3, 1)));

        var after = before.Apply(StandardDecisions.Decide(before, new("v1.36", [new("CONFORMANCE", "MUST", "Passes")], []), Day(2026, 4, 1)));
        after = after.Apply(StandardDecisions.RatifyHistorically(after, "v1.36", new(Day(2026, 4, 22), "release"), Day(2026, 12, 1)));
        var fixedEnd = CertificationDecisions.FixEnd(c, after, Day(2026, 5, 1));
        Assert.NotNull(fixedEnd);
        Assert.Equal((Day(2027, 1, 22), "v1.36"), (fixedEnd.ValidUntil, fixedEnd.Successor));
        var known = c.Apply(fixedEnd);
        Assert.Null(CertificationDecisions.FixEnd(known, after, Day(2026, 5, 2))); // once
        Assert.Null(CertificationDecisions.Due(known, Day(2027, 1, 21)));
        Assert.Equal(Day(2027, 1, 22), Assert.IsType<CertificationExpired>(CertificationDecisions.Due(known, Day(2027, 1, 23))).ExpiredAt);
    }

    [Fact]
    public void Counted_from_the_grant_the_rule_keeps_its_older_meaning()
    {
        var s = K8s(new("later-of", 12, 9), ("1.0", Day(2020, 1, 1)), ("2.0", Day(2020, 2, 1)));
        Assert.Equal(Day(2021, 6, 1), Granted(s, "1.0", Day(2020, 6, 1)).ValidUntil);
    }
}
