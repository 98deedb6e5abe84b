using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// Runs a command on one busy stream (a ballot many members vote on): writers of the same stream take turns
/// on a transaction-scoped advisory lock, so independent commands never bounce off each other with 409;
/// each is decided on the state its predecessor left. Optimistic concurrency stays the last word: a client
/// that named a version with If-Match still gets 412 when it is stale.
/// </summary>
public static class StreamCommands
{
    public static Task<Change<T>> Run<T>(HttpContext http, Guid id, string what, Func<T, object[]> decide) where T : class =>
        Run<T>(http, id, what, (state, _) => Task.FromResult(decide(state)));

    /// <summary>
    /// The same, for a command whose events come with other writes in the same transaction (a credential's row, the
    /// streams of the member's projects): the decision stays pure; the function also queues those writes on the session.
    /// </summary>
    public static Task<Change<T>> Run<T>(HttpContext http, Guid id, string what, Func<T, IDocumentSession, Task<object[]>> decide) where T : class =>
        InTurn(http, id, async session =>
        {
            var (stream, state) = await session.FetchForWriting<T>(id, http.Request, what);
            var events = await decide(state, session);
            await session.Append(stream, http, events);
            // After FetchForWriting in the same session, FetchLatest folds the appended events onto the state it loaded.
            var after = events.Length == 0 ? state : await session.Events.FetchLatest<T>(id, http.RequestAborted) ?? state;
            return new Change<T>(after, events);
        });

    /// <summary>
    /// A command on several streams in one transaction, in the turn of one of them (a lease: the site's turn, and the
    /// request's and the offer's streams with it): the same advisory lock as Run on that stream, one session, one commit.
    /// </summary>
    public static Task<TResult> InTurn<TResult>(HttpContext http, Guid turnOf, Func<IDocumentSession, Task<TResult>> work) =>
        InTurn(http.RequestServices.GetRequiredService<IDocumentStore>(), http.RequestServices.GetRequiredService<NpgsqlDataSource>(), turnOf,
            session => CorrelatedSessionFactory.Stamp(session, http), work, http.RequestAborted);

    /// <summary>
    /// The same without a request (a service's reaction to its own event, EventReactions): the caller stamps the session
    /// with who acts and why; the turn is the one HTTP commands on that stream take, so neither bounces off the other.
    /// </summary>
    public static async Task<TResult> InTurn<TResult>(IDocumentStore store, NpgsqlDataSource db, Guid turnOf, Action<IDocumentSession> stamp,
        Func<IDocumentSession, Task<TResult>> work, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var turn = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, tx) { Parameters = { new() { Value = LockKey(turnOf) } } })
            await turn.ExecuteNonQueryAsync(ct);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(tx));
        // The trace context too, as on a request's own session: the forwarder links the published message to this request.
        OutboxTrace.Stamp(session);
        stamp(session);
        var result = await work(session);
        await session.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    private static long LockKey(Guid id)
    {
        var bytes = id.ToByteArray();
        return BitConverter.ToInt64(bytes, 0) ^ BitConverter.ToInt64(bytes, 8);
    }
}

/// <summary>What a command did: the stream's state after it (with its events applied) and the events it appended.</summary>
public sealed record Change<T>(T State, object[] Events);
