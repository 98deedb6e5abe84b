using System.Collections.Concurrent;
using MassTransit;

namespace Alliance.Testing;

/// <summary>
/// Counts how often each consumer of a service finished handling a message, duplicates included, per
/// message id. Several consumers may take the same message (a service's own and the shared member-standing
/// one), so counts are per consumer.
/// </summary>
public sealed class ConsumeCounter : IReceiveObserver
{
    private readonly ConcurrentDictionary<(string Consumer, Guid MessageId), int> _consumed = new();

    /// <summary>Deliveries of the message handled by the consumer whose type name contains <paramref name="consumer"/>.</summary>
    public int Of(Guid messageId, string consumer) =>
        _consumed.Where(e => e.Key.MessageId == messageId && e.Key.Consumer.Contains(consumer, StringComparison.Ordinal)).Sum(e => e.Value);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class
    {
        if (context.MessageId is { } id) _consumed.AddOrUpdate((consumerType, id), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;
    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;
    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;
    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
