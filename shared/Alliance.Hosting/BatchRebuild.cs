using Marten;
using Npgsql;

namespace Alliance.Hosting;

/// <summary>
/// A read model that can be rebuilt in one pass instead of event by event: it reads the events itself and writes
/// its tables in bulk (COPY). ReadModelRebuild empties the tables and drops their secondary indexes first, and builds
/// the indexes again after, as for any rebuild. A replay through the daemon sends one statement per event and cannot
/// go faster than single-row statements allow (docs/benchmarks.md, P4); a bulk write is bounded by reading the events.
/// </summary>
public interface IBatchRebuildable : ReadModelRebuild.IRebuildable
{
    /// <summary>Writes the tables from every event the projection handles; returns how many events it read.</summary>
    Task<long> Rebuild(NpgsqlConnection connection, IDocumentStore store, CancellationToken ct);
}
