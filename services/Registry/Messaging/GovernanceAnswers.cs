using Alliance.Hosting;
using Marten;
using MassTransit;
using Npgsql;

namespace Alliance.Registry.Messaging;

/// <summary>
/// Governance's answers to what Registry asked (a decision, a refusal), appended to the subject's stream in the consumer's
/// transaction. The decide function returns null for a request that is no longer pending: then nothing is appended.
/// </summary>
internal static class GovernanceAnswers
{
    /// <summary>A session for the answer to the subject the reference names (a stream id), saved once the answer is appended.</summary>
    public static async Task Answer<T>(ConsumeContext<T> context, IDocumentStore store, NpgsqlTransaction tx, string subjectReference, string actor,
        Func<IDocumentSession, Guid, Task> append) where T : class
    {
        if (!Guid.TryParse(subjectReference, out var subject)) return;
        await using var session = ProcessedMessages.Session(store, tx, context, actor);
        await append(session, subject);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The event decide gives for the stream's current state, appended; null when there was nothing to answer.</summary>
    public static async Task<object?> AppendTo<TStream>(IDocumentSession session, Guid id, Func<TStream, object?> decide, CancellationToken ct) where TStream : class
    {
        var stream = await session.Events.FetchForWriting<TStream>(id, ct);
        if (stream.Aggregate is not { } state || decide(state) is not { } answer) return null;
        stream.AppendOne(answer);
        return answer;
    }
}
