using Alliance.Transparency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>Event types whose data this service never shows, not even to an auditor (a secret ballot's votes): only their hash.</summary>
public sealed record AuditWithheld(params string[] EventTypes);

/// <summary>
/// GET /events?after=&amp;limit=: the service's stored events in order, as stored, for anyone checking them against the
/// transparency log (alliance log audit). Public, like the log: event data holds public facts, and personal data only in
/// its sealed form (pd1:…, unreadable without the person's key); a type listed in AuditWithheld shows its data's
/// SHA-256 only. Metadata columns (actor, headers) are not shown. Read-only; paged by the event sequence number.
/// </summary>
public static class AuditEvents
{
    public const int MaxLimit = 1000;

    public sealed record AuditEvent(long Sequence, Guid Id, string StreamId, long Version, string Type, string Timestamp, string DataSha256, System.Text.Json.JsonElement? Data);

    public sealed record AuditPage(string Service, IReadOnlyList<AuditEvent> Events, long? NextAfter);

    public static void MapAuditEvents(this WebApplication app) =>
        app.MapGet("/events", async (long? after, int? limit, NpgsqlDataSource db, EventLogSource source, IEnumerable<AuditWithheld> withheld, CancellationToken ct) =>
        {
            if (after < 0) throw Invalid("after", "after is an event sequence number, 0 or more.");
            if (limit is < 1 or > MaxLimit) throw Invalid("limit", $"limit is between 1 and {MaxLimit}.");
            var hidden = withheld.SelectMany(w => w.EventTypes).ToHashSet(StringComparer.Ordinal);
            var take = limit ?? 200;
            var events = new List<AuditEvent>(take);
            await using (var cmd = db.CreateCommand(
                "select seq_id, id, stream_id, version, type, timestamp, data::text from mt_events where seq_id > $1 order by seq_id limit $2"))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = after ?? 0L });
                cmd.Parameters.Add(new NpgsqlParameter { Value = take });
                try
                {
                    await using var rows = await cmd.ExecuteReaderAsync(ct);
                    while (await rows.ReadAsync(ct))
                    {
                        var type = rows.GetString(4);
                        var data = rows.GetString(6);
                        events.Add(new AuditEvent(rows.GetInt64(0), rows.GetGuid(1), rows.GetGuid(2).ToString("D"), rows.GetInt64(3), type,
                            LogLeaf.Timestamp(rows.GetFieldValue<DateTimeOffset>(5)), LogLeaf.DataHash(data),
                            hidden.Contains(type) ? null : System.Text.Json.JsonDocument.Parse(data).RootElement.Clone()));
                    }
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { } // no event stored yet
            }
            return new AuditPage(source.Service, events, events.Count == take ? events[^1].Sequence : null);
        }).WithTags("Audit").WithSummary("The stored events in order, as stored, to check against the transparency log (public; sealed personal data stays sealed)");

    private static ValidationFailed Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
