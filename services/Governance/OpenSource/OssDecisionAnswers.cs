using Alliance.Governance.Ballots;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// The open-source committee's decisions answered in Governance itself, from its own DecisionReached events (no broker
/// round trip): a stage moves, an exception is approved or denied, the policy changes. Each answer commits in the turn of
/// the stream it answers; a decision on something no longer pending (answered before a replay) changes nothing.
/// </summary>
public sealed class OssDecisionAnswers : EventReactions
{
    private readonly TimeProvider clock;

    public OssDecisionAnswers(NpgsqlDataSource db, TimeProvider clock) : base("oss-decision-answers", db)
    {
        this.clock = clock;
        IncludeType<DecisionReached>();
    }

    protected override Guid? TurnOf(IEvent stored) =>
        stored.Data is DecisionReached { Subject: { Kind: OssBallots.StageChange or OssBallots.LicenceException or OssBallots.PolicyChange } s }
        && Guid.TryParse(s.Reference, out var subject) ? subject : null;

    protected override string Actor(IEvent stored) => $"governance/decision/{((DecisionReached)stored.Data).DecisionId}";

    protected override async Task React(IEvent stored, Guid subject, IDocumentSession session, CancellationToken ct)
    {
        var d = (DecisionReached)stored.Data;
        var now = clock.GetUtcNow();
        switch (d.Subject.Kind)
        {
            case OssBallots.StageChange:
                var project = await session.Events.FetchForWriting<OssProject>(subject, ct);
                if (project.Aggregate is { } p && OssProjectDecisions.Decided(p, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now) is { } moved)
                    project.AppendOne(moved);
                break;
            case OssBallots.LicenceException:
                var exception = await session.Events.FetchForWriting<LicenceException>(subject, ct);
                if (exception.Aggregate is { } x && LicenceExceptionDecisions.Decided(x, d.BallotId, d.DecisionId, d.Approved, d.Explanation, now) is { } decided)
                    exception.AppendOne(decided);
                break;
            case OssBallots.PolicyChange:
                var change = await session.Events.FetchForWriting<PolicyChangeRequest>(subject, ct);
                if (change.Aggregate is not { } c || PolicyChangeDecisions.Decided(c, d.BallotId, d.DecisionId, d.Approved, d.Outcome, now) is not { } answered) break;
                change.AppendOne(answered);
                if (d.Approved)
                {
                    // The policy is one stream: approved changes take turns on it, each recorded against the policy as it then is.
                    var policy = await session.Events.FetchForExclusiveWriting<LicencePolicy>(LicencePolicy.StreamId, ct);
                    policy.AppendOne(LicencePolicyDecisions.Change(policy.Aggregate!, c, d.DecisionId, now));
                }
                break;
        }
    }
}
