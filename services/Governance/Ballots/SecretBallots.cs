using System.Text.Json;
using Alliance.Hosting;
using JasperFx.Events;
using Marten;

namespace Alliance.Governance.Ballots;

/// <summary>
/// What a secret ballot shows, in /votes and /history alike: never who voted what, not even after it closed
/// (the tally in ballot_closed gives the counts), except each voter's own position, to that voter. The secretariat
/// sees no more than anyone else: secrecy that staff can lift is not secrecy.
/// </summary>
public static class SecretBallots
{
    /// <summary>Whose positions this caller may see: every one on a public ballot, only its own on a secret one.</summary>
    public static bool MaySee(Ballot ballot, Actor caller, Guid voter) => !ballot.Rules.Secret || caller.MemberId == voter;

    public static void MapHistory(RouteGroupBuilder ballots) =>
        ballots.MapGet("/{id:guid}/history", async (Guid id, IQuerySession session, HttpContext http, CancellationToken ct) =>
        {
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            if (events.Count == 0) throw new NotFound($"ballot {id}");
            var secret = events.Select(e => e.Data).OfType<BallotOpened>().FirstOrDefault()?.Rules.Secret == true;
            if (secret) http.Response.Headers.CacheControl = "private, no-store";
            var caller = Actor.Of(http.User);
            return TypedResults.Ok(events.Select(e => Entry(e, secret && e.Data is VoteCast vote && vote.MemberId != caller.MemberId)).ToList());
        }).WithSummary("The ballot's events in order; on a secret ballot another member's vote shows neither voter nor position");

    /// <summary>A hidden vote keeps its place and time in the stream (turnout is not secret) but loses the voter, position, reason and request.</summary>
    private static StreamHttp.HistoryEntry Entry(IEvent e, bool hidden)
    {
        var data = JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), JsonSerializerOptions.Web)!.AsObject();
        if (hidden) foreach (var field in new[] { "memberId", "position", "reason" }) data.Remove(field);
        return new(e.Version, e.Sequence, e.EventTypeName, EventCatalog.OccurredAt(e.Data), e.Timestamp,
            hidden ? null : e.UserName, hidden ? null : e.CorrelationId, data);
    }
}
