using System.Diagnostics;
using Dapper;
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

    // Pages of a rebuild: ten times Marten's default, fewer round trips per event replayed (docs/benchmarks.md, P4).
    // Inline projections use no pages otherwise, so it is set here, for every rebuild, not in each projection.
    private const int RebuildPage = 5000;

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
            await using var connection = await db.OpenConnectionAsync(ct);
            await connection.ExecuteAsync($"truncate {string.Join(", ", rebuildable.Tables)}");
            // Secondary indexes are dropped for the replay and built again once at the end: maintained row by row they
            // doubled the cost of every replayed insert and update (measured in docs/benchmarks.md, P4). Keys stay.
            var indexes = (await connection.QueryAsync<(string Name, string Definition)>("""
                select i.indexname, i.indexdef from pg_indexes i
                 where i.schemaname = current_schema() and i.tablename = any(@tables)
                   and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
                """, new { tables = rebuildable.Tables.ToArray() })).ToList();
            foreach (var (name, _) in indexes) await connection.ExecuteAsync($"drop index if exists \"{name}\"");
            try
            {
                if (source is IBatchRebuildable batch) await batch.Rebuild(connection, store, ct);
                else
                {
                    filtered.Options.BatchSize = RebuildPage;
                    using var daemon = await store.BuildProjectionDaemonAsync();
                    // While it runs, /metrics reports this inline projection's progress (lag) from its rebuild checkpoint.
                    using var running = PlatformMetrics.Rebuilding(projection);
                    await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
                }
            }
            finally
            {
                foreach (var (_, definition) in indexes) await connection.ExecuteAsync(definition);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var replayed = await connection.ExecuteScalarAsync<long>("select count(*) from mt_events where type = any(@types)", new { types });
            return TypedResults.Ok(new Result(projection, replayed, Math.Round(seconds, 3), Math.Round(replayed / seconds)));
        })
        .RequireAuthorization(Policies.Secretariat)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .WithTags("Operations")
        .WithSummary("Rebuild a read model from all events (secretariat)");
}
