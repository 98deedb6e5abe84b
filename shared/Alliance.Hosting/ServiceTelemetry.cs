using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Alliance.Hosting;

/// <summary>
/// What a service traces and measures beyond ASP.NET Core and HttpClient: PostgreSQL commands (Npgsql), Marten's
/// sessions and appends, MassTransit's publishes and consumes, and the outbox forwarder's span that joins an event's
/// request to its publish (OutboxTrace). Its meters: Npgsql's, Marten's, MassTransit's (consumer counts, failures and
/// durations per queue) and the platform's own (lag, dead letters, domain counts: PlatformMetrics).
/// </summary>
internal static class ServiceTelemetry
{
    public static void Tracing(TracerProviderBuilder tracing) =>
        tracing.AddNpgsql().AddSource("Marten", "MassTransit", OutboxTrace.SourceName);

    public static void Metrics(MeterProviderBuilder metrics) =>
        metrics.AddNpgsqlInstrumentation().AddMeter("Marten", "MassTransit");
}
