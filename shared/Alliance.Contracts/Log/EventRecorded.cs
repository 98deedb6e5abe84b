namespace Alliance.Contracts.Log;

// Published by every service's outbox forwarder, one per stored event whatever its type, for the transparency log.
// Fields are only ever added, never renamed or removed.

/// <summary>
/// That a service stored an event: which (service, stream, version, event id, stored type name, time) and the SHA-256 of
/// its data in RFC 8785 canonical JSON (lower-case hex), so the log commits to the content without holding it. The
/// transparency log's leaf is the canonical JSON of exactly these fields (Alliance.Transparency.LogLeaf).
/// </summary>
public sealed record EventRecorded(
    string Service, string StreamId, long StreamVersion, Guid EventId, string EventType, DateTimeOffset Timestamp, string DataSha256);
