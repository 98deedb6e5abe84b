using Alliance.Governance.Committees;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>
/// Opening a ballot on every path (POST /ballots, open-source stage changes, licence exceptions, policy changes, the
/// BallotRequested message of other services): reads what the decisions need, decides, and starts the ballot's stream
/// in the caller's unit of work (not yet saved).
/// </summary>
public static class BallotOpening
{
    /// <summary>
    /// Loads the committee, its ballot policy and the members' standing, decides, and starts the ballot's stream (not yet saved).
    /// The rules come from BallotRuleDecisions.Resolve on every path; a caller left out is another service (BallotRequested): no override.
    /// </summary>
    public static async Task<BallotOpened> Start(IDocumentSession session, NpgsqlConnection db, Guid ballotId, BallotDecisions.Open request,
        Guid? requestId, DateTimeOffset now, CancellationToken ct, BallotRuleDecisions.Caller? caller = null)
    {
        if (request.CommitteeId is not { } committeeId)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = ["'committeeId' is required."] });
        var committee = await session.Events.AggregateStreamAsync<Committee>(committeeId, token: ct)
            ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = [$"No committee {committeeId}."] });
        var policy = (await session.Events.AggregateStreamAsync<CommitteeBallotPolicy>(committeeId, token: ct))!;
        var rules = BallotRuleDecisions.Resolve(ballotId, policy, request.SubjectKind ?? "generic", request.Profile, request.Parameters?.Meeting, request.ClosesAt,
            caller ?? BallotRuleDecisions.Caller.Service, now);
        var good = await Standings.MayVote(db, committee.Seats.Select(s => s.MemberId));
        var corrected = request.Corrects is { } decisionId ? await Corrected(db, decisionId, ct) : null;
        var opened = BallotDecisions.Decide(ballotId, committee, request with { Profile = rules.Profile, ClosesAt = rules.ClosesAt }, requestId, good.Contains, now, corrected);
        session.Events.StartStream<Ballot>(ballotId, rules.Override is { } overridden ? [opened, overridden] : [opened]);
        if (corrected is not null) await MarkCorrected(session, corrected, ballotId, now, ct);
        return opened;
    }

    /// <summary>
    /// A closed ballot never changes; a mistake in a decision is corrected by a new ballot of the same committee
    /// that names it (corrects). The decision log links both ways: the correcting decision shows corrects, and an
    /// approved correction shows on the corrected decision as correctedBy. This is the decision a correction names.
    /// </summary>
    private static async Task<BallotDecisions.Corrected?> Corrected(NpgsqlConnection db, Guid decisionId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<BallotDecisions.Corrected>(new CommandDefinition("""
            select d.decision_id as DecisionId, d.ballot_id as BallotId, d.committee_id as CommitteeId, d.corrected_by as CorrectedBy,
                   (select b.ballot_id from ballots b where b.corrects = d.decision_id and b.status <> 'decided' order by b.opens_at limit 1) as OpenCorrection
            from decisions d where d.decision_id = @decisionId
            """, new { decisionId }, cancellationToken: ct));

    /// <summary>Appends CorrectionOpened to the corrected ballot: two correction ballots opened at once race on its version, and one gets 409.</summary>
    private static async Task MarkCorrected(IDocumentSession session, BallotDecisions.Corrected corrected, Guid correctionBallotId, DateTimeOffset now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Ballot>(corrected.BallotId, ct);
        stream.AppendOne(BallotDecisions.CorrectionOf(stream.Aggregate!, correctionBallotId, now));
    }
}
