using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Alliance.Hosting;

/// <summary>Maps a service's stored events to the integration contracts it publishes (null: stays internal).</summary>
public interface IIntegrationEvents
{
    object? ToContract(IEvent stored);

    /// <summary>
    /// For contracts that carry more than the event itself (a certification's product and standard when it is
    /// revoked): the stream's state as of this event, read in the forwarder's own session.
    /// </summary>
    ValueTask<object?> ToContractAsync(IEvent stored, IQuerySession session, CancellationToken ct) => ValueTask.FromResult(ToContract(stored));
}

/// <summary>
/// The event store is the outbox: the async daemon hands this subscription each page of new events; it
/// publishes their contracts (message id = event id, correlation id from the event) and returns only after
/// RabbitMQ confirmed every one, so Marten commits the checkpoint only then. A crash anywhere replays the
/// page: delivery is at least once with a stable message id, and consumers drop the duplicates.
/// </summary>
internal sealed class OutboxForwarder : SubscriptionBase
{
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);
    private readonly IIntegrationEvents[] maps;
    private readonly IBus bus;
    private readonly ILogger<OutboxForwarder> log;
    private readonly OutboxEventLog eventLog;

    public OutboxForwarder(IEnumerable<IIntegrationEvents> maps, IBus bus, ILogger<OutboxForwarder> log, OutboxEventLog eventLog)
    {
        this.eventLog = eventLog;
        this.maps = maps.ToArray();
        this.bus = bus;
        this.log = log;
        // Named once and for ever: the name keys the checkpoint row in mt_event_progression.
        Name = "outbox-forwarder";
        Options.BatchSize = 200;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        var outgoing = new List<(IEvent Event, object Contract, Guid MessageId)>();
        foreach (var e in page.Events)
            foreach (var map in maps)
                if (await map.ToContractAsync(e, operations, ct) is { } contract) { outgoing.Add((e, contract, e.Id)); break; }
        var published = outgoing.Count;
        // Every event, mapped to a contract or not, also goes to the transparency log.
        outgoing.AddRange(await eventLog.Records(page.Events, ct));
        // Broker outages are waited out here rather than failing the page: the checkpoint stays put and
        // commands keep being accepted; whatever was confirmed before a retry is not sent again.
        for (var attempt = 1; outgoing.Count > 0; attempt++)
        {
            var results = await Task.WhenAll(outgoing.Select(x => TryPublish(x.Event, x.Contract, x.MessageId, ct)));
            outgoing = outgoing.Where((_, i) => !results[i]).ToList();
            if (outgoing.Count == 0) break;
            var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 250 * attempt));
            log.LogWarning("RabbitMQ did not confirm {Count} message(s); retrying in {Delay}", outgoing.Count, delay);
            await Task.Delay(delay, ct);
        }
        // The window the design is about: every message confirmed by the broker, the checkpoint not yet committed.
        if (published > 0) FaultHooks.Hit(FaultHooks.ForwarderAfterConfirm);
        return NullChangeListener.Instance;
    }

    private async Task<bool> TryPublish(IEvent stored, object contract, Guid messageId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConfirmTimeout);
        // The publish continues the trace of the request that appended the event (OutboxTrace).
        using var trace = OutboxTrace.StartForward(stored, contract.GetType().Name);
        try
        {
            await bus.Publish(contract, contract.GetType(), context =>
            {
                context.MessageId = messageId;
                if (Guid.TryParse(stored.CorrelationId, out var correlation)) context.CorrelationId = correlation;
                context.Headers.Set("es-stream", stored.StreamId.ToString());
                context.Headers.Set("es-version", stored.Version);
                context.Headers.Set("es-sequence", stored.Sequence);
            }, timeout.Token);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Publishing {Type} (event {EventId}) failed", contract.GetType().Name, stored.Id);
            return false;
        }
    }
}
