using Alliance.Governance.Committees;
using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>POST /ballots (secretariat); the same opening serves the BallotRequested message of other services.</summary>
public static class OpenBallot
{
    /// <summary>
    /// Loads the committee, its ballot policy and the members' standing, decides, and starts the ballot's stream (not yet saved).
    /// The rules come from BallotRules.Resolve on every path; a caller left out is another service (BallotRequested): no override.
    /// </summary>
    public static async Task<BallotOpened> Start(IDocumentSession session, NpgsqlConnection db, Guid ballotId, BallotDecisions.Open request,
        Guid? requestId, DateTimeOffset now, CancellationToken ct, BallotRules.Caller? caller = null)
    {
        if (request.CommitteeId is not { } committeeId)
            throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = ["'committeeId' is required."] });
        var committee = await session.Events.AggregateStreamAsync<Committee>(committeeId, token: ct)
            ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["committeeId"] = [$"No committee {committeeId}."] });
        var policy = (await session.Events.AggregateStreamAsync<CommitteeBallotPolicy>(committeeId, token: ct))!;
        var rules = BallotRules.Resolve(ballotId, policy, request.SubjectKind ?? "generic", request.Profile, request.Parameters?.Meeting, request.ClosesAt,
            caller ?? BallotRules.Caller.Service, now);
        var good = await Standings.MayVote(db, committee.Seats.Select(s => s.MemberId));
        var corrected = request.Corrects is { } decisionId ? await Corrections.Find(db, decisionId, ct) : null;
        var opened = BallotDecisions.Decide(ballotId, committee, request with { Profile = rules.Profile, ClosesAt = rules.ClosesAt }, requestId, good.Contains, now, corrected);
        session.Events.StartStream<Ballot>(ballotId, rules.Override is { } overridden ? [opened, overridden] : [opened]);
        if (corrected is not null) await Corrections.Mark(session, corrected, ballotId, now, ct);
        return opened;
    }

    public static void Map(RouteGroupBuilder ballots) =>
        ballots.MapPost("/", async (BallotDecisions.Open body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var id = Guid.CreateVersion7();
            var opened = await Start(session, connection, id, body, null, clock.GetUtcNow(), http.RequestAborted,
                BallotRules.Caller.Of(Actor.Of(http.User), body.OverrideReason));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/ballots/{id}",
                new { ballotId = id, opened.Profile, opened.ClosesAt, eligible = opened.Electorate.Length, opened.Corrects });
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Open a ballot of a committee (secretariat)");
}
