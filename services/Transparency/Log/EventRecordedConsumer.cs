using Alliance.Contracts.Log;
using MassTransit;

namespace Alliance.Transparency.Service.Log;

/// <summary>
/// Every service's EventRecorded, taken in batches (one transaction, one lock of the head per batch: the append rate is
/// the database's COPY rate, not a commit per event). A batch that fails is redelivered whole; the appender drops event
/// ids already in the log, so a redelivery appends nothing.
/// </summary>
public sealed class EventRecordedConsumer(LogAppender appender) : IConsumer<Batch<EventRecorded>>
{
    public Task Consume(ConsumeContext<Batch<EventRecorded>> context) =>
        appender.Append(context.Message.Select(m => m.Message).ToList(), context.CancellationToken);
}

public sealed class EventRecordedConsumerDefinition : ConsumerDefinition<EventRecordedConsumer>
{
    public const int BatchSize = 500;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<EventRecordedConsumer> consumer, IRegistrationContext context)
    {
        // A batch can only fill from what is prefetched; one batch at a time per instance keeps the order received. At the
        // platform's usual trickle a batch closes on time, not size: 100 ms gathers about fifteen events at 150 a second
        // into one transaction (each costs the head's lock and six round trips) where 20 ms gave two or three, and a
        // receipt waits for the next checkpoint (seconds) anyway.
        endpoint.PrefetchCount = BatchSize * 2;
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(100)).SetConcurrencyLimit(1));
    }
}
