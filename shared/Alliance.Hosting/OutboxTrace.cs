using System.Diagnostics;
using JasperFx.Events;
using Marten;

namespace Alliance.Hosting;

/// <summary>
/// Trace continuity across the outbox: a session stores the current W3C trace context (traceparent) in the
/// headers of every event it appends, and the forwarder, which publishes the event later and on another thread,
/// starts its span with that parent. MassTransit's publish is a child of that span and carries the context in the
/// message, so the consumer in the other service continues the trace of the request that appended the event.
/// </summary>
public static class OutboxTrace
{
    public const string SourceName = "Alliance.Outbox";
    public const string Header = "traceparent";
    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The appending request's (or consumer's) trace context, onto every event the session appends.</summary>
    internal static void Stamp(IDocumentSession session)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id }) session.SetHeader(Header, id);
    }

    /// <summary>The forwarder's span for one event, a child of the span that appended it (none stored: a root of its own).</summary>
    internal static Activity? StartForward(IEvent stored, string contract)
    {
        var parent = stored.Headers is { } headers && headers.TryGetValue(Header, out var value)
            && ActivityContext.TryParse(value?.ToString(), null, out var context) ? context : default;
        var activity = Source.StartActivity($"outbox forward {contract}", ActivityKind.Internal, parent);
        activity?.SetTag("messaging.message.id", stored.Id.ToString());
        activity?.SetTag("alliance.event.sequence", stored.Sequence);
        activity?.SetTag("alliance.event.type", stored.EventTypeName);
        return activity;
    }
}
