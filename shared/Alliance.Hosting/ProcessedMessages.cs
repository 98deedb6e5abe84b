using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Idempotent consumers: (consumer, message id) is recorded in the same transaction as the consumer's
/// effect. A second delivery finds the row and does nothing; two concurrent deliveries serialize on the
/// primary key, and the loser sees the winner's row once it commits.
/// </summary>
public sealed class ProcessedMessages(NpgsqlDataSource db, ILogger<ProcessedMessages> log)
{
    internal const string Schema = """
        create table if not exists processed_messages (
            consumer text not null,
            message_id uuid not null,
            processed_at timestamptz not null default now(),
            primary key (consumer, message_id));
        """;

    /// <summary>Runs effect once per message id for this consumer; returns false when it was a duplicate.</summary>
    public async Task<bool> Once<T>(ConsumeContext<T> context, string consumer,
        Func<NpgsqlConnection, NpgsqlTransaction, Task> effect) where T : class
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} has no message id; it cannot be de-duplicated.");
        using var scope = log.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = context.CorrelationId?.ToString() ?? "", ["MessageId"] = messageId });
        await using var connection = await db.OpenConnectionAsync(context.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(context.CancellationToken);
        await using var mark = new NpgsqlCommand(
            "insert into processed_messages (consumer, message_id) values ($1, $2) on conflict do nothing", connection, tx)
        { Parameters = { new() { Value = consumer }, new() { Value = messageId } } };
        if (await mark.ExecuteNonQueryAsync(context.CancellationToken) == 0)
        {
            log.LogInformation("{Consumer} already handled {Type} {MessageId}: duplicate ignored", consumer, typeof(T).Name, messageId);
            return false;
        }
        await effect(connection, tx);
        await tx.CommitAsync(context.CancellationToken);
        log.LogInformation("{Consumer} handled {Type} {MessageId}", consumer, typeof(T).Name, messageId);
        return true;
    }

    /// <summary>
    /// A Marten session inside the consumer's transaction (so its events commit with the processed-message
    /// record), stamped with the message's correlation id, the message as cause, and the acting party.
    /// </summary>
    public static IDocumentSession Session<T>(IDocumentStore store, NpgsqlTransaction tx, ConsumeContext<T> context, string actor) where T : class
    {
        var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(tx));
        session.CorrelationId = context.CorrelationId?.ToString();
        session.CausationId = context.MessageId?.ToString();
        session.LastModifiedBy = actor;
        return session;
    }
}
