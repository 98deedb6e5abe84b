using Alliance.Hosting;

namespace Alliance.Governance.Committees;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class BallotPolicyEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<BallotPolicySet>("ballot_policy_set", e => e.SetAt);
}

/// <summary>The secretariat sets which profile (and usual period) a committee's ballots on one subject kind run under.</summary>
public sealed record BallotPolicySet(Guid CommitteeId, string SubjectKind, string Profile, int? PeriodDays, string Reason, DateTimeOffset SetAt);

/// <summary>One subject kind's rule: Source is "set" (by a BallotPolicySet) or "derived" (no event yet).</summary>
public sealed record PolicyRule(string Profile, int? PeriodDays, string Source);

/// <summary>
/// A committee's ballot policy, folded from the Committee stream. Until the secretariat sets a kind, it is derived:
/// open-source subjects run under cncf-gitvote (CNCF's rule for moving levels, as before), everything else under
/// the committee's default profile, so committees made before policies existed keep their rules.
/// </summary>
public sealed record CommitteeBallotPolicy(Guid Id, string DefaultProfile, IReadOnlyDictionary<string, PolicyRule> Kinds)
{
    public const string OpenSourceProfile = "cncf-gitvote";
    private static readonly string[] OpenSourceKinds = ["oss-stage-change", "licence-exception", "policy-change"];

    public static CommitteeBallotPolicy Create(CommitteeCreated e) => new(e.CommitteeId, e.DefaultProfile, new Dictionary<string, PolicyRule>());

    public CommitteeBallotPolicy Apply(BallotPolicySet e) =>
        this with { Kinds = new Dictionary<string, PolicyRule>(Kinds) { [e.SubjectKind] = new(e.Profile, e.PeriodDays, "set") } };

    public PolicyRule For(string subjectKind) =>
        Kinds.TryGetValue(subjectKind, out var rule) ? rule
        : new(OpenSourceKinds.Contains(subjectKind) ? OpenSourceProfile : DefaultProfile, null, "derived");
}
