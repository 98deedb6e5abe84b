using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>Every command on a hosted project as a pure function: state, command, what the caller looked up → events or a refusal.</summary>
public static class OssProjectDecisions
{
    /// <summary>Who changes a project: its sponsoring member or the secretariat.</summary>
    public static void MayManage(OssProject p, Actor actor)
    {
        if (!actor.IsSecretariat && !actor.ActsFor(p.SponsorMemberId))
            throw new Forbidden("Only the project's sponsoring member or the secretariat changes this project.");
    }

    public sealed record MaintainerRequest(string? Handle, string? Name, Guid? AffiliationMemberId, string? Affiliation);

    public sealed record Propose(string? Name, string? RepositoryUrl, string? Description, string? Licence, Guid? SponsorMemberId, MaintainerRequest[]? Maintainers);

    /// <summary>Member names the caller looked up for sponsor and affiliations; null when the member is unknown or not in good standing.</summary>
    public delegate string? MemberName(Guid memberId);

    public static OssProjectProposed Decide(Guid id, Propose r, MemberName members, SpdxParser parser, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", r.Name, 100);
        v.HttpUrl("repositoryUrl", r.RepositoryUrl, required: true);
        v.Required("description", r.Description, 2000);
        var licence = Licence(v, "licence", r.Licence, parser);
        string? sponsor = null;
        if (r.SponsorMemberId is not { } sponsorId) v.Add("sponsorMemberId", "'sponsorMemberId' is required.");
        else if ((sponsor = members(sponsorId)) is null) v.Add("sponsorMemberId", $"Member {sponsorId} is not a member in good standing.");
        if (r.Maintainers is not { Length: > 0 and <= 100 }) v.Add("maintainers", "'maintainers' lists 1 to 100 people {handle, name, affiliationMemberId or affiliation}.");
        var maintainers = (r.Maintainers ?? []).Select((m, i) => Maintainer(v, $"maintainers[{i}]", m, members)).ToArray();
        var duplicate = maintainers.Where(m => m is not null).GroupBy(m => m!.Handle.ToLowerInvariant()).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) v.Add("maintainers", $"The handle '{duplicate.Key}' is listed twice.");
        v.ThrowIfInvalid();
        return new OssProjectProposed(id, r.Name!.Trim(), r.RepositoryUrl!.Trim(), r.Description!.Trim(), licence!, r.SponsorMemberId!.Value, sponsor!,
            maintainers!, now);
    }

    public static MaintainerJoined Join(OssProject p, MaintainerRequest r, MemberName members, DateTimeOffset now)
    {
        var v = new Validation();
        var maintainer = Maintainer(v, "body", r, members);
        v.ThrowIfInvalid();
        if (p.Find(maintainer!.Handle) is { Emeritus: false })
            throw new DomainRuleViolated("maintainer-exists", $"{maintainer.Handle} is already a maintainer of {p.Name}.");
        return new MaintainerJoined(p.Id, maintainer, now);
    }

    public static MaintainerRetired Retire(OssProject p, string handle, DateTimeOffset now)
    {
        if (p.Find(handle) is not { } m) throw new NotFound($"Maintainer {handle}");
        if (m.Emeritus) throw new DomainRuleViolated("maintainer-emeritus", $"{m.Maintainer.Handle} is already emeritus.");
        return new MaintainerRetired(p.Id, m.Maintainer.Handle, now);
    }

    public sealed record AffiliationRequest(Guid? AffiliationMemberId, string? Affiliation);

    public static MaintainerAffiliationChanged Affiliate(OssProject p, string handle, AffiliationRequest r, MemberName members, DateTimeOffset now)
    {
        if (p.Find(handle) is not { } m) throw new NotFound($"Maintainer {handle}");
        var v = new Validation();
        var affiliation = Affiliation(v, "", r.AffiliationMemberId, r.Affiliation, members);
        v.ThrowIfInvalid();
        if (m.Maintainer.Affiliation == affiliation && m.Maintainer.AffiliationMemberId == r.AffiliationMemberId)
            throw new DomainRuleViolated("affiliation-unchanged", $"{m.Maintainer.Handle} is already affiliated with {affiliation}.");
        return new MaintainerAffiliationChanged(p.Id, m.Maintainer.Handle, r.AffiliationMemberId, affiliation!, now);
    }

    public sealed record AdopterRequest(string? Organisation, string? Url);

    public static AdopterRecorded Adopter(OssProject p, AdopterRequest r, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("organisation", r.Organisation);
        v.HttpUrl("url", r.Url, required: true);
        v.ThrowIfInvalid();
        if (p.Adopters.Contains(r.Organisation!.Trim(), StringComparer.OrdinalIgnoreCase))
            throw new DomainRuleViolated("adopter-exists", $"{r.Organisation} is already recorded as an adopter.");
        return new AdopterRecorded(p.Id, r.Organisation.Trim(), r.Url!.Trim(), now);
    }

    public sealed record SecurityReviewRequest(DateOnly? Date, string? Link, string? Summary);

    public static SecurityReviewRecorded SecurityReview(OssProject p, SecurityReviewRequest r, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.Date is not { } date) v.Add("date", "'date' is required (YYYY-MM-DD).");
        else if (date > DateOnly.FromDateTime(now.UtcDateTime)) v.Add("date", "'date' cannot be in the future.");
        v.HttpUrl("link", r.Link, required: true);
        v.Required("summary", r.Summary, 4000);
        v.ThrowIfInvalid();
        return new SecurityReviewRecorded(p.Id, r.Date!.Value, r.Link!.Trim(), r.Summary!.Trim(), now);
    }

    public sealed record ContributorPolicyRequest(bool? Dco, bool? Cla);

    public static ContributorPolicySet ContributorPolicy(OssProject p, ContributorPolicyRequest r, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.Dco is null) v.Add("dco", "'dco' is required (true or false).");
        if (r.Cla is null) v.Add("cla", "'cla' is required (true or false).");
        v.ThrowIfInvalid();
        return new ContributorPolicySet(p.Id, r.Dco!.Value, r.Cla!.Value, now);
    }

    /// <summary>
    /// Opens the way to a stage ballot: the move must be one the lifecycle allows, no other stage ballot may be
    /// pending, and every criterion of the target stage must hold; all unmet criteria are listed at once.
    /// </summary>
    public static StageChangeRequested RequestStage(OssProject p, string? to, Guid ballotId, Verdict licence, Func<Maintainer, bool> coveredByAgreement, DateTimeOffset now)
    {
        var v = new Validation();
        v.OneOf("stage", to, Stages.All.Skip(1).ToArray());
        v.ThrowIfInvalid();
        if (p.Pending is { } pending)
            throw new DomainRuleViolated("stage-ballot-pending", $"Ballot {pending.BallotId} on moving to {pending.To} is still open.");
        if (!Stages.Next[p.Stage].Contains(to!))
            throw new DomainRuleViolated("stage-move-not-allowed", $"A project in {p.Stage} can move to {string.Join(" or ", Stages.Next[p.Stage])}, not {to}.");
        var unmet = OssCriteria.Unmet(p, to!, licence, coveredByAgreement);
        if (unmet.Count > 0)
            throw new DomainRuleViolated("stage-criteria-unmet", $"{p.Name} does not meet the criteria for {to}: {string.Join("; ", unmet)}.", unmet);
        return new StageChangeRequested(p.Id, ballotId, p.Stage, to!, now);
    }

    /// <summary>The ballot's decision; null when it is not the pending one (a duplicate or stale message).</summary>
    public static object? Decided(OssProject p, Guid ballotId, Guid decisionId, bool approved, string outcome, DateTimeOffset now) =>
        p.Pending is not { } pending || pending.BallotId != ballotId ? null
        : approved ? new StageChanged(p.Id, ballotId, decisionId, p.Stage, pending.To, now)
        : new StageChangeRefused(p.Id, ballotId, decisionId, pending.To, outcome, now);

    /// <summary>A valid SPDX expression in canonical form, or a field error naming every problem with its position.</summary>
    public static string? Licence(Validation v, string field, string? expression, SpdxParser parser)
    {
        if (string.IsNullOrWhiteSpace(expression)) { v.Add(field, $"'{field}' is required (an SPDX licence expression)."); return null; }
        var parsed = parser.Parse(expression);
        if (parsed.Valid) return parsed.Expression!.ToString();
        v.Add(field, string.Join(" ", parsed.Errors.Select(e => e.Message)));
        return null;
    }

    private static Maintainer? Maintainer(Validation v, string field, MaintainerRequest? m, MemberName members)
    {
        if (m is null) { v.Add(field, "A maintainer is {handle, name, affiliationMemberId or affiliation}."); return null; }
        var ok = v.Required($"{field}.handle", m.Handle, 100) & v.Required($"{field}.name", m.Name);
        if (ok && !m.Handle!.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        { v.Add($"{field}.handle", "A handle has letters, digits, '-', '_' and '.' only."); ok = false; }
        var affiliation = Affiliation(v, field, m.AffiliationMemberId, m.Affiliation, members);
        return ok && affiliation is not null ? new Maintainer(m.Handle!.Trim(), m.Name!.Trim(), m.AffiliationMemberId, affiliation) : null;
    }

    private static string? Affiliation(Validation v, string field, Guid? memberId, string? organisation, MemberName members)
    {
        var prefix = field.Length == 0 ? "" : field + ".";
        if (memberId is { } id)
        {
            var name = members(id);
            if (name is null) v.Add($"{prefix}affiliationMemberId", $"Member {id} is not a member in good standing.");
            return name;
        }
        if (string.IsNullOrWhiteSpace(organisation))
        {
            v.Add($"{prefix}affiliation", "Name the organisation: 'affiliationMemberId' for a member, or 'affiliation' for anyone else (\"independent\" is fine).");
            return null;
        }
        return v.Required($"{prefix}affiliation", organisation) ? organisation.Trim() : null;
    }
}
