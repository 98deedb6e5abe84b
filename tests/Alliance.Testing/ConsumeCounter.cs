using System.Collections.Concurrent;
using MassTransit;

namespace Alliance.Testing;

/// <summary>Counts, per message id, how often a service's consumers finished handling a message (duplicates included).</summary>
public sealed class ConsumeCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _consumed = new();

    public int Of(Guid messageId) => _consumed.GetValueOrDefault(messageId);

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.MessageId is { } id) _consumed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
