using Alliance.Governance.Ballots;
using Alliance.Hosting;
using Marten;

namespace Alliance.Governance.Committees;

/// <summary>GET /committees/{id}/ballot-policy (anyone) and PUT …/ballot-policy/{subjectKind} (secretariat).</summary>
public static class BallotPolicyEndpoints
{
    public static RouteGroupBuilder MapBallotPolicy(this RouteGroupBuilder committees)
    {
        committees.MapGet("/{id:guid}/ballot-policy", async (Guid id, IQuerySession session, CancellationToken ct) =>
        {
            var policy = await session.Events.AggregateStreamAsync<CommitteeBallotPolicy>(id, token: ct) ?? throw new NotFound($"Committee {id}");
            return TypedResults.Ok(BallotDecisions.SubjectKinds.Select(kind => View(kind, policy.For(kind))).ToList());
        }).WithSummary("The committee's ballot policy: the profile, usual and minimum period of each subject kind");

        committees.MapPut("/{id:guid}/ballot-policy/{subjectKind}", async (Guid id, string subjectKind, CommitteeDecisions.SetRequest body,
            TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Committee>(http, id, "Committee",
                committee => [CommitteeDecisions.SetBallotPolicy(committee, subjectKind, body, clock.GetUtcNow())]);
            var set = (BallotPolicySet)events[0];
            return TypedResults.Ok(View(subjectKind, new PolicyRule(set.Profile, set.PeriodDays, "set")));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Set the profile (and usual period) of the committee's ballots on one subject kind (secretariat)");
        return committees;
    }

    /// <summary>One subject kind's rule; Source: "set" by the secretariat or the default; MinimumSource: the body's rule behind the minimum.</summary>
    public sealed record PolicyView(string SubjectKind, string Profile, int? PeriodDays, int MinimumPeriodHours, string MinimumPeriod, string MinimumSource, string Source);

    private static PolicyView View(string kind, PolicyRule rule)
    {
        var profile = RuleProfiles.Find(rule.Profile);
        var minimum = VotingPeriods.For(rule.Profile, profile?.Parameters.Meeting ?? false);
        return new PolicyView(kind, rule.Profile, rule.PeriodDays ?? profile?.Parameters.DefaultPeriodDays, (int)minimum.Period.TotalHours,
            minimum.Describe(), minimum.Source, rule.Source);
    }
}
