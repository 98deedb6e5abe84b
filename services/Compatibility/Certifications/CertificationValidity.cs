using Alliance.Compatibility.Standards;

namespace Alliance.Compatibility.Certifications;

/// <summary>When a certification ends under its standard's rule, from what is known now (null: no fixed end yet).</summary>
public static class CertificationValidity
{
    public static DateTimeOffset? Until(ValidityRule rule, Standard? standard, string version, DateTimeOffset validFrom) => rule.Kind switch
    {
        "fixed" => validFrom.AddMonths(rule.Months!.Value),
        "later-of" when standard?.Successor(version) is { RatifiedAt: { } next } => Later(Anchor(rule, standard, version, validFrom).AddMonths(rule.Months!.Value),
            next.AddMonths(rule.MonthsAfterNext!.Value)),
        _ => null,
    };

    private static DateTimeOffset Anchor(ValidityRule rule, Standard standard, string version, DateTimeOffset validFrom) =>
        rule.From == "ratification" && standard.Version(version)?.RatifiedAt is { } ratified ? ratified : validFrom;

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
