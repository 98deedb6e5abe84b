using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// The trait book kept between requests. It changes in two ways only: a consumer of Compatibility's messages commits a
/// change (CertificationBook, EvaluationBook bump <c>trait_book_generation</c> in the same transaction), or time passes
/// an instant the book's rows name (a certification begins or ends, a result is published or withdrawn, a change
/// recorded ahead of the clock). So a cached book is reused while the generation in PostgreSQL is the one it was loaded
/// under and the clock is before the next such instant; every instance of the Market reads the generation per request
/// (one primary-key read), so none serves a book older than the last committed change.
/// </summary>
public sealed class TraitBookCache
{
    public static readonly ReadModelSchema Schema = new("trait_book_generation", """
        create table if not exists trait_book_generation (
            id smallint primary key check (id = 1),
            generation bigint not null);
        insert into trait_book_generation (id, generation) values (1, 0) on conflict (id) do nothing;
        """);

    /// <summary>The statement every change of the book runs in its transaction, last (the row lock is held until the commit: keep it short).</summary>
    public const string Bump = "update trait_book_generation set generation = generation + 1 where id = 1";

    private sealed record Entry(long Generation, DateTimeOffset LoadedAt, DateTimeOffset? Until, TraitBook Book);

    private Entry? _entry;

    /// <summary>The book in force at <paramref name="now"/>, from the cache when it is still the committed one.</summary>
    public async Task<TraitBook> Get(NpgsqlConnection db, DateTimeOffset now, CancellationToken ct)
    {
        // The generation first, then the book: a change committed in between is then in the book loaded under the older
        // generation, and the next request reloads (too fresh, never stale). The other order could cache an old book
        // under the new generation.
        var generation = await db.ExecuteScalarAsync<long>(new CommandDefinition("select generation from trait_book_generation where id = 1", cancellationToken: ct));
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && entry.Generation == generation && now >= entry.LoadedAt && (entry.Until is null || now < entry.Until)) return entry.Book;
        var book = await TraitBook.Load(db, now, ct);
        var until = await NextChange(db, now, ct);
        // Concurrent loads may race here; any of them is right for its generation, and the next request checks again.
        Volatile.Write(ref _entry, new Entry(generation, now, until, book));
        return book;
    }

    /// <summary>The first instant after <paramref name="at"/> at which the book's own rows make it differ (null: none is recorded).</summary>
    private static async Task<DateTimeOffset?> NextChange(NpgsqlConnection db, DateTimeOffset at, CancellationToken ct) =>
        await db.ExecuteScalarAsync<DateTime?>(new CommandDefinition("""
            select min(t) from (
                select min(changed_at) as t from certification_changes where changed_at > @at
                union all select min(valid_from) from certification_changes where valid_from > @at
                union all select min(valid_until) from certification_changes where valid_until > @at
                union all select min(published_at) from evaluation_results where published_at > @at
                union all select min(withdrawn_at) from evaluation_results where withdrawn_at > @at) instants
            """, new { at }, cancellationToken: ct)) is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
