using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class OssProjectEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<OssProjectProposed>("oss_project_proposed", e => e.ProposedAt)
        .Add<MaintainerJoined>("maintainer_joined", e => e.JoinedAt)
        .Add<MaintainerRetired>("maintainer_retired", e => e.RetiredAt)
        .Add<MaintainerAffiliationChanged>("maintainer_affiliation_changed", e => e.ChangedAt)
        .Add<AdopterRecorded>("adopter_recorded", e => e.RecordedAt)
        .Add<SecurityReviewRecorded>("security_review_recorded", e => e.RecordedAt)
        .Add<ContributorPolicySet>("contributor_policy_set", e => e.SetAt)
        .Add<StageChangeRequested>("stage_change_requested", e => e.RequestedAt)
        .Add<StageChanged>("stage_changed", e => e.ChangedAt)
        .Add<StageChangeRefused>("stage_change_refused", e => e.RefusedAt)
        .Add<ReleaseApproved>("release_approved", e => e.DecidedAt)
        .Add<ReleaseBlocked>("release_blocked", e => e.DecidedAt);
}

// The OssProject stream: a hosted open-source project, its people, its evidence and its stage.

/// <summary>Affiliation: the organisation the maintainer works for (a member's name when AffiliationMemberId is set).</summary>
public sealed record Maintainer(string Handle, string Name, Guid? AffiliationMemberId, string Affiliation);

public sealed record OssProjectProposed(
    Guid ProjectId, string Name, string RepositoryUrl, string Description, string Licence, Guid SponsorMemberId, string SponsorName,
    Maintainer[] Maintainers, DateTimeOffset ProposedAt);

public sealed record MaintainerJoined(Guid ProjectId, Maintainer Maintainer, DateTimeOffset JoinedAt);

/// <summary>The maintainer steps down and becomes emeritus: still listed, no longer counted.</summary>
public sealed record MaintainerRetired(Guid ProjectId, string Handle, DateTimeOffset RetiredAt);

public sealed record MaintainerAffiliationChanged(Guid ProjectId, string Handle, Guid? AffiliationMemberId, string Affiliation, DateTimeOffset ChangedAt);

public sealed record AdopterRecorded(Guid ProjectId, string Organisation, string Url, DateTimeOffset RecordedAt);

public sealed record SecurityReviewRecorded(Guid ProjectId, DateOnly ReviewDate, string Link, string Summary, DateTimeOffset RecordedAt);

/// <summary>Dco: every commit carries a Signed-off-by line. Cla: every contributor is covered by an individual or corporate CLA.</summary>
public sealed record ContributorPolicySet(Guid ProjectId, bool Dco, bool Cla, DateTimeOffset SetAt);

public sealed record StageChangeRequested(Guid ProjectId, Guid BallotId, string From, string To, DateTimeOffset RequestedAt);

public sealed record StageChanged(Guid ProjectId, Guid BallotId, Guid DecisionId, string From, string To, DateTimeOffset ChangedAt);

public sealed record StageChangeRefused(Guid ProjectId, Guid BallotId, Guid DecisionId, string To, string Outcome, DateTimeOffset RefusedAt);

public sealed record Dependency(string Name, string Version, string Licence, bool Binary);

/// <summary>Why one dependency (or the release's own licence, named "(release licence)") blocks the release.</summary>
public sealed record Offence(string Name, string Version, string Licence, string Category, string Reason);

public sealed record ReleaseApproved(Guid ProjectId, string Version, string Licence, Dependency[] Dependencies, string[] Notes, Guid[] ExceptionsUsed, DateTimeOffset DecidedAt);

public sealed record ReleaseBlocked(Guid ProjectId, string Version, string Licence, Dependency[] Dependencies, Offence[] Offending, DateTimeOffset DecidedAt);

public sealed record PendingStage(Guid BallotId, string To);

public sealed record MaintainerState(Maintainer Maintainer, bool Emeritus);

public sealed record OssProject(
    Guid Id, string Name, string RepositoryUrl, string Licence, Guid SponsorMemberId, string Stage, MaintainerState[] Maintainers,
    string[] Adopters, int SecurityReviews, bool Dco, bool Cla, PendingStage? Pending, string[] ApprovedReleases)
{
    public static OssProject Create(OssProjectProposed e) => new(e.ProjectId, e.Name, e.RepositoryUrl, e.Licence, e.SponsorMemberId, Stages.Proposed,
        e.Maintainers.Select(m => new MaintainerState(m, false)).ToArray(), [], 0, false, false, null, []);

    public IEnumerable<Maintainer> Active => Maintainers.Where(m => !m.Emeritus).Select(m => m.Maintainer);

    public MaintainerState? Find(string handle) => Maintainers.FirstOrDefault(m => m.Maintainer.Handle.Equals(handle, StringComparison.OrdinalIgnoreCase));

    public OssProject Apply(MaintainerJoined e) =>
        this with { Maintainers = [.. Maintainers.Where(m => !Same(m, e.Maintainer.Handle)), new MaintainerState(e.Maintainer, false)] };

    public OssProject Apply(MaintainerRetired e) =>
        this with { Maintainers = Maintainers.Select(m => Same(m, e.Handle) ? m with { Emeritus = true } : m).ToArray() };

    public OssProject Apply(MaintainerAffiliationChanged e) => this with
    {
        Maintainers = Maintainers.Select(m => Same(m, e.Handle)
            ? m with { Maintainer = m.Maintainer with { AffiliationMemberId = e.AffiliationMemberId, Affiliation = e.Affiliation } } : m).ToArray()
    };

    public OssProject Apply(AdopterRecorded e) => this with { Adopters = [.. Adopters, e.Organisation] };

    public OssProject Apply(SecurityReviewRecorded _) => this with { SecurityReviews = SecurityReviews + 1 };

    public OssProject Apply(ContributorPolicySet e) => this with { Dco = e.Dco, Cla = e.Cla };

    public OssProject Apply(StageChangeRequested e) => this with { Pending = new PendingStage(e.BallotId, e.To) };

    public OssProject Apply(StageChanged e) => this with { Stage = e.To, Pending = null };

    public OssProject Apply(StageChangeRefused _) => this with { Pending = null };

    public OssProject Apply(ReleaseApproved e) => this with { ApprovedReleases = [.. ApprovedReleases, e.Version] };

    public OssProject Apply(ReleaseBlocked _) => this;

    private static bool Same(MaintainerState m, string handle) => m.Maintainer.Handle.Equals(handle, StringComparison.OrdinalIgnoreCase);
}
