using Alliance.Governance.Ballots;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource;

/// <summary>
/// Opens a ballot of the open-source committee for an open-source subject, in the caller's unit of work, so
/// that the ballot and the request that needs it commit together. Its decision is answered inside Governance from the
/// DecisionReached event (OssDecisionAnswers); the ballot's request id is its own id, so the decision is also published
/// as DecisionRecorded, as every requested ballot's is (webhooks, the transparency log). The profile and period come
/// from the committee's ballot policy (BallotRuleDecisions): a requester's own choice is refused unless it is the secretariat's.
/// </summary>
public static class OssBallots
{
    public const string StageChange = "oss-stage-change";
    public const string LicenceException = "licence-exception";
    public const string PolicyChange = "policy-change";
    public static async Task<BallotOpened> Open(IDocumentSession session, NpgsqlConnection db, Guid ballotId, string kind, Guid subject,
        string title, string question, string? profile, DateTimeOffset? closesAt, BallotRuleDecisions.Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var committeeId = await db.ExecuteScalarAsync<Guid?>(
            "select committee_id from committees where purpose = 'open-source' order by created_at, committee_id limit 1")
            ?? throw new DomainRuleViolated("no-committee", "There is no open-source committee yet: the secretariat creates one with purpose 'open-source'.");
        // Title and question are composed from the request (names, reasons): cut to what a ballot takes, never refused for it.
        var request = new BallotDecisions.Open(committeeId, Cap(title, 200), Cap(question, 2000), kind, "governance", subject.ToString(), profile, null,
            closesAt, EarlyClose: true);
        return await BallotOpening.Start(session, db, ballotId, request, ballotId, now, ct, caller);
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
