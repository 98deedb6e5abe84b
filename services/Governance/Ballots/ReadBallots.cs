using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>Reading ballots: the list, one ballot with its live tally (hidden until close on secret ballots), votes, profiles.</summary>
public static class ReadBallots
{
    public sealed record BallotRow(
        Guid BallotId, Guid CommitteeId, string Title, string SubjectKind, string SubjectService, string SubjectReference, Guid? RequestId,
        string Profile, string Status, string? Outcome, DateTime OpensAt, DateTime ClosesAt, DateTime? ClosedAt, Guid? Corrects);

    public sealed record PositionView(string Position, string Category, bool ReasonRequired);

    /// <summary>One ballot; Explanation is in the reader's language where its parts were recorded (see DecisionLog.DecisionView).</summary>
    public sealed record BallotView(
        Guid BallotId, Guid CommitteeId, string Title, string Question, Subject Subject, Guid? RequestId, string Profile, string Status,
        DateTimeOffset OpenedAt, DateTimeOffset ClosesAt, bool EarlyClose, bool Secret, IReadOnlyList<PositionView> Positions, Tally.Voter[] Electorate,
        Guid[]? Present, Guid? ChairMemberId, Tally? Tally, string? Outcome, string? Explanation, string? ExplanationLanguage,
        IReadOnlyList<ExplanationPart>? ExplanationParts, Guid? Corrects);

    public static void Map(RouteGroupBuilder ballots)
    {
        ballots.MapGet("/", async (NpgsqlDataSource db, Guid? committee, string? status, string? subjectKind, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@committee::uuid is null or committee_id = @committee) and (@status::text is null or status = @status)
                  and (@subjectKind::text is null or subject_kind = @subjectKind)
                """;
            var args = new { committee, status, subjectKind, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from ballots {where}", args);
            var rows = await connection.QueryAsync<BallotRow>($"""
                select ballot_id as BallotId, committee_id as CommitteeId, title, subject_kind as SubjectKind, subject_service as SubjectService,
                       subject_reference as SubjectReference, request_id as RequestId, profile, status, outcome, opens_at as OpensAt, closes_at as ClosesAt, closed_at as ClosedAt,
                       corrects as Corrects
                from ballots {where} order by opens_at desc, ballot_id limit @Limit offset @Offset
                """, args);
            return TypedResults.Ok(paging.Of(rows.ToList(), total));
        }).WithSummary("Ballots, newest first");

        ballots.MapGet("/{id:guid}", async (Guid id, IQuerySession session, HttpContext http) =>
        {
            var ballot = await Load(session, id, http);
            var visible = !ballot.Rules.Secret || ballot.Status != BallotStatus.Open;
            var (explanation, language) = ballot.Explanation is { } stored ? ExplanationText.For(http, stored, ballot.ExplanationParts) : (null, null);
            return TypedResults.Ok(new BallotView(ballot.Id, ballot.CommitteeId, ballot.Title, ballot.Question, ballot.Subject, ballot.RequestId, ballot.Profile,
                ballot.Status.ToString().ToLowerInvariant(), ballot.OpenedAt, ballot.ClosesAt, ballot.EarlyClose, ballot.Rules.Secret,
                ballot.Rules.Positions.Select(p => new PositionView(p.Position, p.Category.ToString().ToLowerInvariant(), p.ReasonRequired)).ToList(),
                ballot.Electorate, ballot.Present, ballot.ChairMemberId, visible ? ballot.FinalTally ?? ballot.CurrentTally() : null, ballot.Outcome,
                explanation, language, ballot.ExplanationParts, ballot.Corrects));
        }).WithSummary("A ballot; the live tally unless the ballot is secret and still open");

        ballots.MapGet("/{id:guid}/votes", async (Guid id, IQuerySession session, HttpContext http) =>
        {
            var ballot = await Load(session, id, http);
            var caller = Actor.Of(http.User);
            if (ballot.Rules.Secret) http.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.Ok(ballot.Votes.Where(v => SecretBallots.MaySee(ballot, caller, v.MemberId)).Select(v => new VoteView(
                v.MemberId, v.Value, v.Reason, ballot.Electorate.Single(e => e.MemberId == v.MemberId).Binding)).ToList());
        }).WithSummary("The latest position of each member; on a secret ballot only the caller's own");

        SecretBallots.MapHistory(ballots);
    }

    public static void MapRuleProfiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/rule-profiles", () => TypedResults.Ok(RuleProfiles.All.Select(p => new RuleProfileView(p.Id, p.Title, p.Explanation,
            p.Parameters.Positions.Select(x => new PositionView(x.Position, x.Category.ToString().ToLowerInvariant(), x.ReasonRequired)).ToList(),
            p.Parameters with { Positions = [] },
            (int)VotingPeriods.For(p.Id, p.Parameters.Meeting).Period.TotalHours,
            VotingPeriods.For(p.Id, p.Parameters.Meeting).Source)).ToList())).WithTags("Ballots").WithSummary("The rule profiles, their positions, formulas and parameters");

    private static async Task<Ballot> Load(IQuerySession session, Guid id, HttpContext http)
    {
        var ballot = await session.Events.AggregateStreamAsync<Ballot>(id, token: http.RequestAborted) ?? throw new NotFound($"Ballot {id}");
        StreamHttp.SetETag(http, (await session.Events.FetchStreamStateAsync(id, http.RequestAborted))!.Version);
        return ballot;
    }
}
