using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

public static class EventStore
{
    /// <summary>
    /// Marten as the service's event store, with the conventions every service shares: Guid streams,
    /// explicit event type names (set by the caller), correlation/causation/actor metadata, lightweight
    /// sessions stamped from the request, the async daemon (HotCold: one node runs each projection),
    /// and the forwarder subscription that turns the event store into the outbox. A service reacting to its own events
    /// adds its EventReactions with <paramref name="reactions"/> (the daemon runs them beside the forwarder).
    /// </summary>
    public static WebApplicationBuilder AddEventStore(this WebApplicationBuilder builder, string service, Action<StoreOptions> configure,
        Action<MartenServiceCollectionExtensions.MartenConfigurationExpression>? reactions = null)
    {
        var settings = DatabaseSettings.From(builder.Configuration, service);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
        builder.Services.AddSingleton(new ReadModelSchema("processed_messages", ProcessedMessages.Schema));
        builder.Services.AddSingleton(new ReadModelSchema("idempotency_keys", IdempotencyKeys.Schema));
        builder.Services.AddSingleton(new Expiry("idempotency_keys", "delete from idempotency_keys where created_at < $1", IdempotencyKeys.Lifetime));
        // Work done by one instance at a time (the deadline workers, the purge): Leadership, docs/scale-out.md.
        builder.Services.AddSingleton<Leadership>();
        builder.Services.AddHealthChecks().AddCheck<LeadershipHealthCheck>("leadership", tags: ["ready"]);
        builder.Services.AddSingleton<ExpiryPurge>();
        // What one instance changed and the others hold in memory (the daemon's wake-up, caches): LISTEN/NOTIFY.
        var signals = new ClusterSignals(settings);
        builder.Services.AddSingleton(signals);
        builder.Services.AddHostedService(sp =>
        {
            signals.Log = sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ClusterSignals>>();
            return signals;
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpiryPurge>());
        builder.Services.AddHostedService<DatabaseBootstrap>();
        builder.Services.AddKeyRing(service);
        builder.Services.AddSingleton<PersonalData>();
        builder.Services.AddSingleton(PersonalData.Schema);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(new EventLogSource(service));
        builder.Services.AddSingleton<OutboxEventLog>();
        builder.Services.AddHostedService<PlatformMetrics>();

        var marten = builder.Services.AddMarten(opts =>
            {
                opts.Connection(settings.ConnectionString);
                opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                ApplyConventions(opts);
                // Marten's counters of appended events. Not TrackConnections: its wrapper around a session's connection
                // hides ITransactionStarter, so FetchForExclusiveWriting in a consumer's transaction failed (the policy
                // change ballot's decision went to governance-oss-decision_error). Npgsql's spans show the commands.
                opts.OpenTelemetry.TrackEventCounters();
                // A request's Idempotency-Key is marked "took effect" in the same transaction as its events.
                opts.Listeners.Add(new IdempotencyKeys.CommitMark());
                // Wake the daemon on this process's commits so integration messages leave within milliseconds, not a
                // polling period (in process: a NOTIFY per append would serialise every commit, see AppendWakeup).
                var wakeup = new AppendWakeup(signals, TimeSpan.FromMilliseconds(builder.Configuration.GetValue("EventStore:IdlePollMilliseconds", 2000)));
                opts.Listeners.Add(wakeup);
                opts.Projections.Wakeup = wakeup;
                // The fallback when no wake comes: a wake that lands while the daemon looks at an unfinished transaction
                // can be missed, and the daemon then sleeps a polling period (1 s by default: one ratification in ten
                // reached Compatibility a second late, docs/benchmarks.md P3). Idle, AppendWakeup stretches it.
                opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(100);
                // HotCold: one instance runs the daemon (projections, the outbox forwarder) under Marten's own advisory
                // lock; the others try for it this often, so it moves within one poll when its instance dies.
                opts.Projections.LeadershipPollingTime = builder.Configuration.GetValue("Leadership:PollMilliseconds", 5000);
                configure(opts);
            })
            .UseLightweightSessions()
            .BuildSessionsWith<CorrelatedSessionFactory>()
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .AddSubscriptionWithServices<OutboxForwarder>(ServiceLifetime.Singleton, _ => { });
        reactions?.Invoke(marten);
        return builder;
    }

    /// <summary>Adds a service's reactions to its own events (EventReactions) to the daemon.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddReactions<T>(this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
        where T : EventReactions => marten.AddSubscriptionWithServices<T>(ServiceLifetime.Singleton, _ => { });

    /// <summary>
    /// The shape of every service's event table: Guid streams and the metadata columns. The append function's
    /// signature follows them, so a tool writing into a service's store (the benchmark's data generator) applies them too.
    /// </summary>
    public static void ApplyConventions(StoreOptions opts)
    {
        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        // Event ids are message ids downstream; a unique index turns a replayed append into an error, not a twin.
        opts.Events.EnableUniqueIndexOnEventId = true;
    }
}
