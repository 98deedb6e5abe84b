using Alliance.Governance.Committees;
using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>
/// Which rules a new ballot runs under, as a pure decision. Every path that opens a ballot (POST /ballots, open-source stage changes,
/// licence exceptions, policy changes, BallotRequested of other services) goes through Resolve: the profile is the
/// committee's policy for the subject kind, never the requester's choice, and the ballot stays open at least the
/// profile's minimum period. Only the secretariat departs from either, and its reason is recorded.
/// </summary>
public static class BallotRuleDecisions
{
    /// <summary>Who asks: the secretariat (with an override reason, or none), a member, or another service.</summary>
    public sealed record Caller(bool IsSecretariat, string Who, string? OverrideReason)
    {
        public static readonly Caller Service = new(false, "service", null);

        public static Caller Of(Actor actor, string? overrideReason) => new(actor.IsSecretariat, actor.Describe(), overrideReason);
    }

    public sealed record Resolved(string Profile, DateTimeOffset ClosesAt, BallotRulesOverridden? Override);

    /// <summary>A client that computes "now + the minimum" a moment before we do is not refused for clock skew: it gets the minimum.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public static Resolved Resolve(Guid ballotId, CommitteeBallotPolicy policy, string subjectKind, string? requestedProfile, bool? meeting,
        DateTimeOffset? requestedClosesAt, Caller caller, DateTimeOffset now)
    {
        if (caller.OverrideReason is not null && !caller.IsSecretariat)
            throw new Forbidden("Only the secretariat overrides a committee's ballot policy.");
        var rule = policy.For(subjectKind);
        var profileId = requestedProfile ?? rule.Profile;
        var profile = RuleProfiles.Find(profileId)
            ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["profile"] = [$"Unknown rule profile '{profileId}'; see GET /rule-profiles."] });
        var minimum = VotingPeriods.For(profile.Id, meeting ?? profile.Parameters.Meeting);
        var earliest = now + minimum.Period;
        var usual = rule.PeriodDays is { } days ? TimeSpan.FromDays(days) : TimeSpan.FromDays(profile.Parameters.DefaultPeriodDays);
        var closesAt = requestedClosesAt ?? now + (usual > minimum.Period ? usual : minimum.Period);
        if (closesAt < earliest && closesAt >= earliest - Grace) closesAt = earliest;

        var departures = new Dictionary<string, string[]>();
        if (profile.Id != rule.Profile)
            departures["profile"] = [$"The committee's policy runs {subjectKind} ballots under {rule.Profile}; only the secretariat may choose another profile, giving an overrideReason."];
        if (closesAt < earliest)
            departures["closesAt"] = [$"{profile.Id} ballots stay open at least {minimum.Describe()} ({minimum.Source}): close at {earliest:O} or later; only the secretariat may shorten this, giving an overrideReason."];
        if (departures.Count == 0) return new(profile.Id, closesAt, null);
        if (!caller.IsSecretariat) throw new ValidationFailed(departures);
        if (string.IsNullOrWhiteSpace(caller.OverrideReason))
        {
            departures["overrideReason"] = ["Departing from the committee's policy or the minimum period is recorded with its reason: give 'overrideReason'."];
            throw new ValidationFailed(departures);
        }
        if (caller.OverrideReason!.Length > 2000) throw new ValidationFailed(new Dictionary<string, string[]> { ["overrideReason"] = ["'overrideReason' must be at most 2000 characters."] });
        return new(profile.Id, closesAt,
            new BallotRulesOverridden(ballotId, subjectKind, rule.Profile, profile.Id, earliest, closesAt, caller.OverrideReason.Trim(), caller.Who, now));
    }
}
