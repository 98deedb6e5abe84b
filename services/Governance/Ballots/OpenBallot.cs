using Alliance.Governance.Committees;
using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>POST /ballots (secretariat); the same opening serves the BallotRequested message of other services.</summary>
public static class OpenBallot
{
    /// <summary>Loads the committee and the members' standing, decides, and starts the ballot's stream (not yet saved).</summary>
    public static async Task<BallotOpened> Start(IDocumentSession session, NpgsqlConnection db, Guid ballotId, BallotDecisions.Open request,
        Guid? requestId, DateTimeOffset now, CancellationToken ct)
    {
        if (request.CommitteeId is not { } committeeId)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = ["'committeeId' is required."] });
        var committee = await session.Events.AggregateStreamAsync<Committee>(committeeId, token: ct)
            ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = [$"No committee {committeeId}."] });
        var good = await Standings.MayVote(db, committee.Seats.Select(s => s.MemberId));
        var corrected = request.Corrects is { } decisionId ? await Corrections.Find(db, decisionId, ct) : null;
        var opened = BallotDecisions.Decide(ballotId, committee, request, requestId, good.Contains, now, corrected);
        session.Events.StartStream<Ballot>(ballotId, opened);
        if (corrected is not null) await Corrections.Mark(session, corrected, ballotId, now, ct);
        return opened;
    }

    public static void Map(RouteGroupBuilder ballots) =>
        ballots.MapPost("/", async (BallotDecisions.Open body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var id = Guid.CreateVersion7();
            var opened = await Start(session, connection, id, body, null, clock.GetUtcNow(), http.RequestAborted);
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/ballots/{id}",
                new { ballotId = id, opened.Profile, opened.ClosesAt, eligible = opened.Electorate.Length, opened.Corrects });
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Open a ballot of a committee (secretariat)");
}
