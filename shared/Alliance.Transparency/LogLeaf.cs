using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Alliance.Contracts.Log;

namespace Alliance.Transparency;

/// <summary>
/// The bytes of a log leaf: the RFC 8785 canonical JSON of an EventRecorded envelope, with fixed member names and the time
/// in UTC to the microsecond (PostgreSQL's precision, so the forwarder and an auditor reading mt_events agree), e.g.
/// {"dataSha256":"…","eventId":"…","eventType":"member_admitted","service":"registry","streamId":"…","streamVersion":1,"timestamp":"2026-12-01T10:00:00.123456Z"}
/// </summary>
public static class LogLeaf
{
    public static byte[] Bytes(EventRecorded e) => Jcs.Canonicalize(System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject
    {
        ["service"] = e.Service,
        ["streamId"] = e.StreamId,
        ["streamVersion"] = e.StreamVersion,
        ["eventId"] = e.EventId.ToString("D"),
        ["eventType"] = e.EventType,
        ["timestamp"] = Timestamp(e.Timestamp),
        ["dataSha256"] = e.DataSha256,
    }));

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>SHA-256 of the canonical JSON of an event's data as stored (lower-case hex).</summary>
    public static string DataHash(string json) => Convert.ToHexString(SHA256.HashData(Jcs.Canonicalize(json))).ToLowerInvariant();

    /// <summary>Reads a leaf back into its envelope (audits compare the parts).</summary>
    public static EventRecorded Parse(byte[] leaf)
    {
        var o = JsonNode.Parse(leaf)!.AsObject();
        return new EventRecorded((string)o["service"]!, (string)o["streamId"]!, (long)o["streamVersion"]!, Guid.Parse((string)o["eventId"]!),
            (string)o["eventType"]!, DateTimeOffset.Parse((string)o["timestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), (string)o["dataSha256"]!);
    }
}
