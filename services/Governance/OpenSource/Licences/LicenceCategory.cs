namespace Alliance.Governance.OpenSource.Licences;

/// <summary>Ordered from worst to best, so AND takes the minimum and OR the maximum.</summary>
public enum LicenceCategory { Forbidden = 0, NeedsReview = 1, Restricted = 2, Allowed = 3 }

public static class LicenceCategories
{
    public const string Allowed = "allowed";
    public const string Restricted = "restricted";
    public const string Forbidden = "forbidden";
    public const string NeedsReview = "needs-review";

    /// <summary>What a policy entry may say; "needs-review" in a change removes the entry.</summary>
    public static readonly string[] Names = [Allowed, Restricted, Forbidden, NeedsReview];

    public static string Name(this LicenceCategory c) => c switch
    {
        LicenceCategory.Allowed => Allowed,
        LicenceCategory.Restricted => Restricted,
        LicenceCategory.Forbidden => Forbidden,
        _ => NeedsReview,
    };

    /// <summary>Apache's letters: A may be included, B only in binary form, X never; a licence nobody reviewed has none.</summary>
    public static string? ApacheLetter(this LicenceCategory c) => c switch
    {
        LicenceCategory.Allowed => "A",
        LicenceCategory.Restricted => "B",
        LicenceCategory.Forbidden => "X",
        _ => null,
    };

    public static LicenceCategory Parse(string name) => name switch
    {
        Allowed => LicenceCategory.Allowed,
        Restricted => LicenceCategory.Restricted,
        Forbidden => LicenceCategory.Forbidden,
        _ => LicenceCategory.NeedsReview,
    };
}
