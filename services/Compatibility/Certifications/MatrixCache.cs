using Alliance.Hosting;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.OutputCaching;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// The public matrix lookups are answered from a short output cache (anonymous GETs, per query string): the
/// same question asked a thousand times a second runs its query once. Every commit of this service's event
/// store and every change of the vendor directory evicts it, so an answer is stale only for what changes with
/// the clock alone (a validity that ends at an instant, before the expiry worker records it), and never longer
/// than ten seconds: the max-age every answer already carries. At 100,000 certifications a page costs
/// 0.13-0.28 s to compute (docs/benchmarks.md, P7); recomputing each hot page every two seconds took the machine.
/// With several instances an eviction is announced to all of them (ClusterSignals: NOTIFY after the commit), each
/// evicting at once and again a moment later, for a lookup that was being computed from the old data as the news
/// arrived (docs/scale-out.md): typically another instance answers anew within tens of milliseconds, and never later
/// than the max-age, the bound every answer announces.
/// </summary>
public static class MatrixCache
{
    public const string Policy = "matrix";

    public static WebApplicationBuilder AddMatrixCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(o =>
        {
            // Bounded (8 MB of bodies: 800 pages or 20,000 checks): every distinct query is an entry (an asOf to the
            // millisecond is one), and the default 100 MB, held until the store's periodic scan, took Compatibility
            // to 421 MB RSS under uncached pages; 32 MB to 329 MB; 8 MB to 275 MB (docs/benchmarks.md, P6).
            o.SizeLimit = 8 * 1024 * 1024;
            // Matrix:CacheSeconds only for the tests that prove another instance's change evicts here (not the clock).
            o.AddPolicy(Policy, b => b.Expire(TimeSpan.FromSeconds(builder.Configuration.GetValue("Matrix:CacheSeconds", 10))).SetVaryByQuery("*").Tag(MatrixEviction.Tag));
        });
        builder.Services.AddSingleton<MatrixEviction>();
        builder.Services.ConfigureMarten((services, opts) => opts.Listeners.Add(new MatrixEviction.AfterCommit(services.GetRequiredService<MatrixEviction>())));
        return builder;
    }

    public static WebApplication UseMatrixCache(this WebApplication app)
    {
        app.Services.GetRequiredService<MatrixEviction>().ListenToOtherInstances();
        app.UseOutputCache();
        return app;
    }
}

/// <summary>Evicts every cached lookup: after each commit of the event store, and after each vendor-directory change, here and on every other instance.</summary>
public sealed class MatrixEviction(IOutputCacheStore store, ClusterSignals signals)
{
    internal const string Tag = "matrix";
    private const string Channel = "alliance_matrix_changed";
    private static readonly TimeSpan AgainAfter = TimeSpan.FromSeconds(1);

    public async Task Evict(CancellationToken token = default)
    {
        await EvictHere(token);
        signals.Raise(Channel);
    }

    internal void ListenToOtherInstances() =>
        signals.On(Channel, async () =>
        {
            await EvictHere();
            await Task.Delay(AgainAfter);
            await EvictHere();
        });

    private ValueTask EvictHere(CancellationToken token = default) => store.EvictByTagAsync(Tag, token);

    public sealed class AfterCommit(MatrixEviction eviction) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => eviction.Evict(token);
    }
}
