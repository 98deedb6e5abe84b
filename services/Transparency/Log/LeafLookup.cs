using Alliance.Hosting;
using Dapper;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// GET /log/leaves?eventIds=a,b,…: where each of up to 100 events sits in the log, in one query, for a page that says
/// "in the public log at index N" beside every decision or certification it shows. An event not (yet) in the log is
/// left out; Signed says whether the latest signed checkpoint covers the leaf, that is, whether its receipt is ready.
/// </summary>
public static class LeafLookup
{
    public const int MaxEvents = 100;

    public sealed record LeafPlace(Guid EventId, ulong LeafIdx, bool Signed);

    public sealed record LeafPlaces(ulong CheckpointSize, IReadOnlyList<LeafPlace> Leaves);

    public static RouteGroupBuilder MapLeafLookup(this RouteGroupBuilder log)
    {
        log.MapGet("/leaves", async (LogReader reader, CheckpointCache checkpoints, string? eventIds, CancellationToken ct) =>
        {
            var ids = new List<Guid>();
            foreach (var part in (eventIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                ids.Add(Guid.TryParse(part, out var id) ? id : throw Invalid($"'{part}' is not an event id (a UUID)."));
            if (ids.Count is 0 or > MaxEvents) throw Invalid($"eventIds lists 1–{MaxEvents} event ids, comma-separated.");
            await using var db = await reader.Open(ct);
            var rows = (await db.QueryAsync<(long Index, Guid EventId)>(
                "select leaf_index, event_id from log_leaves where event_id = any(@ids) order by leaf_index", new { ids = ids.Distinct().ToArray() })).ToList();
            // The checkpoint held in memory when it includes the last of them, else the newest signed.
            var signed = (await checkpoints.Latest(db, rows.Count == 0 ? null : (ulong)rows[^1].Index))?.TreeSize ?? 0;
            return new LeafPlaces(signed, rows.Select(r => new LeafPlace(r.EventId, (ulong)r.Index, (ulong)r.Index < signed)).ToList());
        }).WithSummary("Where events sit in the log (leaf index, and whether a signed checkpoint covers it), up to 100 at once");
        return log;
    }

    private static ValidationFailed Invalid(string message) => new(new Dictionary<string, string[]> { ["eventIds"] = [message] });
}
