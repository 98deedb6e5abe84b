using Alliance.Hosting;
using Alliance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Alliance.Compatibility.Tests;

/// <summary>
/// The consumers' de-duplication itself, with an effect that has no key to hide behind: a counter row that every
/// run of the effect increments. The same message is delivered five times at once through RabbitMQ to a consumer
/// allowed to run them in parallel, and the effect is slow (300 ms), so all five are inside it together unless
/// the processed-message record serialises them. A check-then-insert, an effect outside the transaction or a
/// missing conflict clause each leave the counter above 1.
/// </summary>
public sealed class ProcessedMessagesRaceTests() : InProcessService<Program>("compatibility")
{
    public sealed record Ping(Guid Id);

    private sealed class CountingConsumer(ProcessedMessages processed) : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context) => processed.Once(context, "race-test", async (db, tx) =>
        {
            await using var effect = new NpgsqlCommand("select pg_sleep(0.3); update race_counter set n = n + 1", db, tx);
            await effect.ExecuteNonQueryAsync(context.CancellationToken);
        });
    }

    [Fact]
    public async Task Five_simultaneous_deliveries_of_one_message_run_an_unkeyed_effect_once()
    {
        var data = Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var create = data.CreateCommand("create table race_counter (n int not null); insert into race_counter values (0)"))
            await create.ExecuteNonQueryAsync();
        var processed = new ProcessedMessages(data, NullLogger<ProcessedMessages>.Instance);
        var handled = 0;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Servers.RabbitHost, Servers.RabbitPort, Servers.VirtualHost, h => { h.Username(Servers.RabbitUser); h.Password(Servers.RabbitPassword); });
            cfg.ReceiveEndpoint($"race-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 8;
                e.ConcurrentMessageLimit = 8;
                e.Consumer(() => new CountingConsumer(processed), c => c.UseFilter(new AfterConsume(() => Interlocked.Increment(ref handled))));
            });
        });
        await bus.StartAsync();
        try
        {
            var message = new Ping(Guid.NewGuid());
            var messageId = Guid.NewGuid();
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bus.Publish(message, c => c.MessageId = messageId)));
            await Eventually.True(() => Task.FromResult(Volatile.Read(ref handled) == 5), "all five deliveries handled");

            await using var read = data.CreateCommand("select n from race_counter");
            Assert.Equal(1, (int)(await read.ExecuteScalarAsync())!);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Counts deliveries that finished the consumer without a fault.</summary>
    private sealed class AfterConsume(Action done) : IFilter<ConsumerConsumeContext<CountingConsumer>>
    {
        public async Task Send(ConsumerConsumeContext<CountingConsumer> context, IPipe<ConsumerConsumeContext<CountingConsumer>> next)
        {
            await next.Send(context);
            done();
        }

        public void Probe(ProbeContext context) { }
    }
}
