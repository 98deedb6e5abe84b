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
        // A batch can only fill from what is prefetched; one batch at a time per instance keeps the order received.
        endpoint.PrefetchCount = BatchSize * 2;
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(1));
    }
}
