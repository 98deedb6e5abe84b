using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// POST /admin/read-models/{projection}/rebuild (secretariat): empties the flat tables a projection writes and
/// replays every event of the types it handles through it, with the async daemon's rebuild. For the day a
/// projection's code is corrected, or a table is lost: the events are the truth and the tables follow from them.
/// A maintenance operation: commands arriving during a rebuild may be projected twice or not at all, so rebuild
/// when writes are quiet, and rebuild again if they were not.
/// </summary>
public static class ReadModelRebuild
{
    /// <summary>A projection that can be rebuilt names the flat tables it writes; they are emptied first.</summary>
    public interface IRebuildable
    {
        IReadOnlyList<string> Tables { get; }
    }

    public sealed record Result(string Projection, long EventsReplayed, double Seconds, double EventsPerSecond);

    public static void MapReadModelRebuild(this IEndpointRouteBuilder app) =>
        app.MapPost("/admin/read-models/{projection}/rebuild", async (string projection, IDocumentStore store, NpgsqlDataSource db, CancellationToken ct) =>
        {
            var options = (StoreOptions)store.Options;
            if (!options.Projections.TryFindProjection(projection, out var source) || source is not ProjectionBase filtered)
                throw new NotFound($"The read model '{projection}' (known: {string.Join(", ", options.Projections.AllProjectionNames())})");
            if (source is not IRebuildable rebuildable)
                throw new DomainRuleViolated("read-model-not-rebuildable", $"The read model '{projection}' does not name its tables, so it cannot be rebuilt.");
            var events = (EventGraph)options.Events;
            var types = filtered.IncludedEventTypes.Select(t => events.EventMappingFor(t).EventTypeName).ToArray();
            var clock = Stopwatch.StartNew();
            await Execute(db, $"truncate {string.Join(", ", rebuildable.Tables)}", ct);
            // Secondary indexes are dropped for the replay and built again once at the end: maintained row by row they
            // doubled the cost of every replayed insert and update (measured in docs/benchmarks.md, P4). Keys stay.
            var indexes = await SecondaryIndexes(db, rebuildable.Tables, ct);
            foreach (var (name, _) in indexes) await Execute(db, $"drop index if exists \"{name}\"", ct);
            try
            {
                using var daemon = await store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
            }
            finally
            {
                foreach (var (_, definition) in indexes) await Execute(db, definition, CancellationToken.None);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await using var count = db.CreateCommand("select count(*) from mt_events where type = any($1)");
            count.Parameters.Add(new NpgsqlParameter { Value = types });
            var replayed = (long)(await count.ExecuteScalarAsync(ct))!;
            return TypedResults.Ok(new Result(projection, replayed, Math.Round(seconds, 3), Math.Round(replayed / seconds)));
        })
        .RequireAuthorization(Policies.Secretariat)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .WithTags("Operations")
        .WithSummary("Rebuild a read model from all events (secretariat)");

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexes(NpgsqlDataSource db, IReadOnlyList<string> tables, CancellationToken ct)
    {
        await using var query = db.CreateCommand("""
            select i.indexname, i.indexdef from pg_indexes i
             where i.schemaname = current_schema() and i.tablename = any($1)
               and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
            """);
        query.Parameters.Add(new NpgsqlParameter { Value = tables.ToArray() });
        await using var reader = await query.ExecuteReaderAsync(ct);
        var indexes = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        return indexes;
    }

    private static async Task Execute(NpgsqlDataSource db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
