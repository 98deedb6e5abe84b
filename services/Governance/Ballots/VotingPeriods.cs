namespace Alliance.Governance.Ballots;

/// <summary>The shortest time a ballot under a profile stays open, and the rule of the real body it comes from.</summary>
public sealed record MinimumPeriod(TimeSpan Period, string Source)
{
    public string Describe() => Period.TotalDays >= 1 && Period.TotalHours % 24 == 0 ? $"{Period.TotalDays:0} days" : $"{Period.TotalHours:0} hours";
}

/// <summary>
/// Minimum voting periods per rule profile (sources: the governance research notes, Part A). A request to open
/// a ballot may ask for a later closing time, never an earlier one; only the secretariat overrides, with a reason.
/// </summary>
public static class VotingPeriods
{
    private static MinimumPeriod Days(int days, string source) => new(TimeSpan.FromDays(days), source);

    /// <summary>Profiles the notes give no period for: a week, as OASIS electronic ballots and gitvote's default.</summary>
    public static readonly MinimumPeriod Floor = Days(7, "alliance floor: a week, as OASIS electronic ballots (≥ 7 days) and gitvote's default");

    /// <summary>A vote taken in a meeting lasts the agenda item: the bodies set no period, the alliance asks for an hour.</summary>
    public static readonly MinimumPeriod Meeting = new(TimeSpan.FromHours(1), "meeting vote: the bodies set no period; the alliance floor is one hour");

    private static readonly Dictionary<string, MinimumPeriod> ByProfile = new()
    {
        ["iso-dis-fdis"] = Days(56, "ISO/IEC FDIS: two months (8 weeks)"),
        ["iec-fdis"] = Days(56, "IEC FDIS: two months (8 weeks)"),
        ["jcp-ec"] = Days(14, "JCP EC: electronic votes last 14 days"),
        ["apache-procedural"] = Days(3, "Apache: votes stay open at least 72 hours"),
        ["apache-code-change"] = Days(3, "Apache: votes stay open at least 72 hours"),
        ["apache-release"] = Days(3, "Apache release policy: at least 72 hours"),
        ["oasis-special-majority"] = Days(7, "OASIS: electronic ballots open at least 7 days"),
        ["oasis-full-majority"] = Days(7, "OASIS: electronic ballots open at least 7 days"),
        ["ieee-sa"] = Days(30, "IEEE-SA: ballots run 30 to 60 days"),
        ["cncf-gitvote"] = Days(7, "CNCF gitvote: a week at least (CNCF's sandbox profile runs two)"),
        ["w3c-ac-appeal"] = Days(28, "W3C: Advisory Committee reviews and votes last at least 28 days"),
    };

    public static MinimumPeriod For(string profileId, bool meeting) => meeting ? Meeting : ByProfile.GetValueOrDefault(profileId, Floor);
}
