using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>
/// A closed ballot never changes; a mistake in a decision is corrected by a new ballot of the same committee
/// that names it (corrects). The decision log links both ways: the correcting decision shows corrects, and an
/// approved correction shows on the corrected decision as correctedBy.
/// </summary>
public static class Corrections
{
    public static async Task<BallotDecisions.Corrected?> Find(NpgsqlConnection db, Guid decisionId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<BallotDecisions.Corrected>(new CommandDefinition("""
            select d.decision_id as DecisionId, d.ballot_id as BallotId, d.committee_id as CommitteeId, d.corrected_by as CorrectedBy,
                   (select b.ballot_id from ballots b where b.corrects = d.decision_id and b.status <> 'decided' order by b.opens_at limit 1) as OpenCorrection
            from decisions d where d.decision_id = @decisionId
            """, new { decisionId }, cancellationToken: ct));

    /// <summary>Appends CorrectionOpened to the corrected ballot: two correction ballots opened at once race on its version, and one gets 409.</summary>
    public static async Task Mark(IDocumentSession session, BallotDecisions.Corrected corrected, Guid correctionBallotId, DateTimeOffset now, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Ballot>(corrected.BallotId, ct);
        stream.AppendOne(BallotDecisions.CorrectionOf(stream.Aggregate!, correctionBallotId, now));
    }
}
