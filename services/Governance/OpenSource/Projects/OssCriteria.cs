using Alliance.Governance.OpenSource.Licences;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>
/// What a project must show before a ballot may move it (CNCF's criteria, cumulative up the ladder): a licence the
/// policy allows and a maintainer for any stage; an adopter for incubation; for graduation maintainers from two
/// organisations, three adopters, a security review and contributor agreements in force.
/// </summary>
public static class OssCriteria
{
    public static List<string> Unmet(OssProject p, string to, Verdict licence, Func<Maintainer, bool> coveredByAgreement)
    {
        var unmet = new List<string>();
        if (to == Stages.Archived) return unmet;
        if (licence.Category != LicenceCategory.Allowed)
            unmet.Add($"the licence {p.Licence} is {licence.CategoryName} under the policy, not allowed ({licence.Explanation})");
        var active = p.Active.ToList();
        if (active.Count == 0) unmet.Add("no active maintainer is listed");
        if (to is Stages.Incubating or Stages.Graduated && p.Adopters.Length < 1) unmet.Add("incubation needs at least one recorded adopter");
        if (to != Stages.Graduated) return unmet;
        var organisations = active.Select(m => m.AffiliationMemberId?.ToString() ?? m.Affiliation.ToLowerInvariant()).Distinct().Count();
        if (organisations < 2) unmet.Add($"graduation needs maintainers from at least two organisations (active maintainers come from {organisations})");
        if (p.Adopters.Length < 3) unmet.Add($"graduation needs at least three adopters ({p.Adopters.Length} recorded)");
        if (p.SecurityReviews < 1) unmet.Add("graduation needs a recorded security review");
        if (!p.Dco && !p.Cla) unmet.Add("graduation needs contributor agreements in force: set a DCO or CLA policy");
        else if (p.Cla && active.Where(m => !coveredByAgreement(m)).Select(m => m.Handle).ToList() is { Count: > 0 } uncovered)
            unmet.Add($"the project requires a CLA and these maintainers are covered by none: {string.Join(", ", uncovered)}");
        return unmet;
    }
}
