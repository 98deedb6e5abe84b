using System.Security.Cryptography;
using Alliance.Contracts.Log;
using Alliance.Transparency;
using JasperFx.Events;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>The service's name as the transparency log records it ("registry", …): the name given to AddEventStore.</summary>
public sealed record EventLogSource(string Service);

/// <summary>
/// The forwarder's other duty: for every stored event, whatever its type, an EventRecorded for the transparency log, with
/// the SHA-256 of the event's data as stored (read back from mt_events as PostgreSQL holds it, not re-serialised from the
/// object, so an auditor hashing the same row gets the same digest). Its message id is derived from the event id, so
/// it never collides with the event's own contract (whose message id is the event id) and a replayed page repeats it.
/// </summary>
public sealed class OutboxEventLog(EventLogSource source, NpgsqlDataSource db)
{
    public async Task<List<(IEvent Event, object Contract, Guid MessageId)>> Records(IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return [];
        var data = new Dictionary<Guid, string>();
        await using (var cmd = db.CreateCommand("select id, data::text from mt_events where id = any($1)"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Id).ToArray() });
            await using var rows = await cmd.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) data[rows.GetGuid(0)] = rows.GetString(1);
        }
        return events.Where(e => data.ContainsKey(e.Id)).Select(e => (e, (object)Record(source.Service, e, data[e.Id]), MessageId(e.Id))).ToList();
    }

    public static EventRecorded Record(string service, IEvent e, string storedData) =>
        new(service, e.StreamId.ToString("D"), e.Version, e.Id, e.EventTypeName, e.Timestamp, LogLeaf.DataHash(storedData));

    public static Guid MessageId(Guid eventId)
    {
        var hash = SHA256.HashData([.. "event-recorded:"u8, .. eventId.ToByteArray()]);
        hash[7] = (byte)((hash[7] & 0x0f) | 0x80); // a version-8 (name-based, custom) UUID
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}
