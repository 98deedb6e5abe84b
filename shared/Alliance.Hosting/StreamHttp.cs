using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Loads a stream for a command, expecting the If-Match version when the client sent one; 404 when it does not exist.</summary>
    public static async Task<(IEventStream<T> Stream, T State)> FetchForWriting<T>(
        this IDocumentSession session, Guid id, HttpRequest request, string what) where T : class
    {
        var ct = request.HttpContext.RequestAborted;
        var stream = ExpectedVersion(request) is { } version
            ? await session.Events.FetchForWriting<T>(id, version, ct)
            : await session.Events.FetchForWriting<T>(id, ct);
        return (stream, stream.Aggregate ?? throw new NotFound($"{what} {id}"));
    }

    /// <summary>Appends the decided events, commits, and answers with the new version as ETag.</summary>
    public static async Task Append<T>(this IDocumentSession session, IEventStream<T> stream, HttpContext http, params object[] events) where T : class
    {
        stream.AppendMany(events);
        await session.SaveChangesAsync(http.RequestAborted);
        SetETag(http, (stream.StartingVersion ?? 0) + events.Length);
    }

    public sealed record HistoryEntry(
        long Version, long Sequence, string Type, DateTimeOffset? OccurredAt, DateTimeOffset RecordedAt,
        string? Actor, string? CorrelationId, [property: JsonPropertyOrder(99)] object Data,
        // The stored event's id: its receipt in the transparency log is GET /log/receipts/{eventId}.
        Guid? EventId = null);

    /// <summary>
    /// GET {prefix}/{id}/history: the stream's events in order with business time, recording time, actor and
    /// correlation id. Protected fields (a contact e-mail, the positions of a secret ballot) are left out unless
    /// mayReadPersonal allows them for this caller and these events. Sealed personal data is shown opened, or
    /// "[erased]" once its person's key is gone (PersonalData).
    /// </summary>
    public static RouteHandlerBuilder MapHistory(this IEndpointRouteBuilder group, string what,
        string[]? personalFields = null, Func<Actor, Guid, IReadOnlyList<IEvent>, bool>? mayReadPersonal = null) =>
        group.MapGet("/{id:guid}/history", async (Guid id, IQuerySession session, HttpContext http, CancellationToken ct) =>
        {
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            if (events.Count == 0) throw new NotFound($"{what} {id}");
            var hidden = mayReadPersonal?.Invoke(Actor.Of(http.User), id, events) == true ? [] : personalFields ?? [];
            var entries = events.Select(e => ToEntry(e, hidden)).ToList();
            var opener = await http.RequestServices.GetRequiredService<PersonalData>().For(entries.Select(e => (JsonNode)e.Data), ct);
            foreach (var entry in entries) opener.Reveal((JsonNode)entry.Data);
            return TypedResults.Ok(entries);
        }).WithSummary($"The {what}'s events in order");

    private static HistoryEntry ToEntry(IEvent e, string[] hidden)
    {
        var data = JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), JsonSerializerOptions.Web)!.AsObject();
        foreach (var field in hidden) data.Remove(field);
        return new(e.Version, e.Sequence, e.EventTypeName, EventCatalog.OccurredAt(e.Data), e.Timestamp, e.UserName, e.CorrelationId, data, e.Id);
    }
}
