using Marten;
using Marten.Services;
using Microsoft.AspNetCore.OutputCaching;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// The public matrix lookups are answered from a short output cache (anonymous GETs, per query string): the
/// same question asked a thousand times a second runs its query once. Every commit of this service's event
/// store evicts it, so an answer is stale only for what changed without an event here (a vendor's suspension
/// arriving as a message), and never longer than the two-second lifetime.
/// </summary>
public static class MatrixCache
{
    public const string Policy = "matrix";
    private const string Tag = "matrix";
    private static IOutputCacheStore? _store;

    public static WebApplicationBuilder AddMatrixCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(o => o.AddPolicy(Policy, b => b.Expire(TimeSpan.FromSeconds(2)).SetVaryByQuery("*").Tag(Tag)));
        return builder;
    }

    public static WebApplication UseMatrixCache(this WebApplication app)
    {
        _store = app.Services.GetRequiredService<IOutputCacheStore>();
        app.UseOutputCache();
        return app;
    }

    /// <summary>Evicts the cached lookups after each commit of the event store.</summary>
    public sealed class Eviction : DocumentSessionListenerBase
    {
        public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (_store is { } store) await store.EvictByTagAsync(Tag, token);
        }
    }
}
