using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.Ballots;

/// <summary>The commands on /ballots: opening (secretariat), votes, attendance, closure by the secretariat and the chair's decision.</summary>
public static class BallotEndpoints
{
    public sealed record VoteRequest(Guid? MemberId, string? Position, string? Reason);

    public static RouteGroupBuilder MapBallotCommands(this RouteGroupBuilder ballots)
    {
        ballots.MapPost("/", async (BallotDecisions.Open body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var id = Guid.CreateVersion7();
            var opened = await BallotOpening.Start(session, connection, id, body, null, clock.GetUtcNow(), http.RequestAborted,
                BallotRuleDecisions.Caller.Of(Actor.Of(http.User), body.OverrideReason));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/ballots/{id}",
                new { ballotId = id, opened.Profile, opened.ClosesAt, eligible = opened.Electorate.Length, opened.Corrects });
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Open a ballot of a committee (secretariat)");

        ballots.MapPost("/{id:guid}/votes", async (Guid id, VoteRequest body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            var memberId = actor.MemberId!.Value;
            if (body.MemberId is { } named) actor.MustActFor(named);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var good = (await Committees.Standings.InGoodStanding(connection, [memberId])).Contains(memberId);
            var (ballot, events) = await StreamCommands.Run<Ballot>(http, id, "Ballot", b => BallotDecisions.Vote(b, memberId, good, new(body.Position, body.Reason), clock.GetUtcNow()));
            var cast = (VoteCast)events[0];
            var counted = Tally.Counts(ballot.Rules, cast.Position, cast.Reason);
            return TypedResults.Ok(new VoteReceipt(id, memberId, cast.Position, counted,
                counted ? null : $"Under {ballot.Profile} a '{cast.Position}' without a reason is recorded but does not count.", events.Length > 1));
        })
        .RequireAuthorization(Policies.Member)
        .WithSummary("Cast or change the member's vote (its own representative)");

        ballots.MapPost("/{id:guid}/attendance", async (Guid id, AttendanceRequest body, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<Ballot>(http, id, "Ballot", ballot => [BallotDecisions.Attendance(ballot, body.Present, clock.GetUtcNow())]);
            return TypedResults.Ok(new MeetingAttendance(id, body.Present));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Record the members present at a meeting ballot (secretariat)");

        ballots.MapPost("/{id:guid}/closure", async (Guid id, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Ballot>(http, id, "Ballot", ballot => BallotDecisions.Close(ballot, "secretariat", clock.GetUtcNow()));
            var closed = (BallotClosed)events[0];
            return TypedResults.Ok(new BallotClosure(id, closed.Outcome, closed.Explanation, closed.Tally));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Close a ballot now (secretariat)");

        ballots.MapPost("/{id:guid}/chair-decision", async (Guid id, BallotDecisions.ChairDecision body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Ballot>(http, id, "Ballot", ballot => BallotDecisions.Chair(ballot, Actor.Of(http.User).MemberId, body, clock.GetUtcNow()));
            return TypedResults.Ok(new ChairOutcome(id, ((DecisionReached)events[1]).Outcome));
        })
        .RequireAuthorization(Policies.Member)
        .WithSummary("The chair records the decision of a tied ballot");
        return ballots;
    }

    public sealed record AttendanceRequest(Guid[]? Present);
}
