using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Alliance.Hosting;

/// <summary>HTTP conventions for event streams: ETag = stream version, If-Match = expected version, GET …/history.</summary>
public static class StreamHttp
{
    /// <summary>The version named in If-Match ("3" or W/"3"), or null when the client sent none.</summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString();
        if (raw.Length == 0) return null;
        var trimmed = raw.Replace("W/", "").Trim('"', ' ');
        return long.TryParse(trimmed, out var version) && version >= 0
            ? version
            : throw new ValidationFailed(new Dictionary<string, string[]> { ["If-Match"] = ["If-Match must be a version ETag such as \"3\"."] });
    }

    public static void SetETag(HttpContext http, long version) => http.Response.Headers.ETag = $"\"{version}\"";

    public sealed record HistoryEntry(
        long Version, long Sequence, string Type, DateTimeOffset? OccurredAt, DateTimeOffset RecordedAt,
        string? Actor, string? CorrelationId, [property: JsonPropertyOrder(99)] object Data);

    /// <summary>GET {prefix}/{id}/history: the stream's events in order with business time, recording time, actor and correlation id.</summary>
    public static RouteHandlerBuilder MapHistory(this IEndpointRouteBuilder group, string what) =>
        group.MapGet("/{id:guid}/history", async (Guid id, IQuerySession session, CancellationToken ct) =>
        {
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            if (events.Count == 0) throw new NotFound($"{what} {id}");
            return TypedResults.Ok(events.Select(ToEntry).ToList());
        }).WithSummary($"The {what}'s events in order");

    private static HistoryEntry ToEntry(IEvent e) => new(
        e.Version, e.Sequence, e.EventTypeName, (e.Data as IDomainEvent)?.OccurredAt, e.Timestamp, e.UserName, e.CorrelationId, e.Data);
}
