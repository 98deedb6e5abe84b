using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Alliance.Hosting;

/// <summary>
/// OpenTelemetry and logging for every process (the services, the gateway and the Portal; linked into the last two
/// as source, like TrustedProxies): traces of ASP.NET Core and HttpClient plus whatever sources the caller adds,
/// metrics with the runtime's and the process's, a Prometheus scrape at GET /metrics, and JSON or console logs
/// carrying trace id, span id and the request's scopes. Spans leave the process only when an exporter is
/// configured: OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the standard OTEL_* variables apply), Zipkin's JSON
/// when Telemetry:ZipkinEndpoint is; otherwise nothing is exported. docs/operations.md lists every metric.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter and activity source of the platform's own instruments.</summary>
    public const string Name = "Alliance";
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder,
        Action<TracerProviderBuilder>? tracing = null, Action<MeterProviderBuilder>? metrics = null)
    {
        var config = builder.Configuration;
        AddLogging(builder.Logging, config);
        builder.Services.AddHostedService<ReadinessGauge>();
        var service = builder.Environment.ApplicationName.ToLowerInvariant();
        var otlp = !string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var zipkin = config["Telemetry:ZipkinEndpoint"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(service, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t =>
            {
                // Probes and scrapes are many and say nothing about a user's request: they are not traced.
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsHousekeeping(http.Request.Path))
                    .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = r => !IsHousekeeping(r.RequestUri?.AbsolutePath))
                    .AddSource(Name);
                tracing?.Invoke(t);
                // Zipkin's JSON is what the trace test receives (a few lines of HTTP listener); OpenTelemetry deprecates the
                // exporter in favour of OTLP, which stays the way to a collector.
#pragma warning disable CS0618
                if (!string.IsNullOrWhiteSpace(zipkin)) t.AddZipkinExporter(o => o.Endpoint = new Uri(zipkin));
#pragma warning restore CS0618
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddMeter(Name, "Microsoft.AspNetCore.RateLimiting")
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                metrics?.Invoke(m);
                if (otlp) m.AddOtlpExporter();
            });
        return builder;
    }

    /// <summary>
    /// Logging:Format=json (the default): one JSON object a line, with the scopes (TraceId, SpanId, CorrelationId);
    /// Logging:Format=console: readable lines for a developer (make run).
    /// </summary>
    private static void AddLogging(ILoggingBuilder logging, IConfiguration config)
    {
        logging.ClearProviders();
        logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (string.Equals(config["Logging:Format"], "console", StringComparison.OrdinalIgnoreCase))
            logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        else
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
    }

    /// <summary>
    /// GET /metrics in the Prometheus text format, answered on the process's own port to the loopback and to
    /// Metrics:AllowedNetworks (CIDR, comma-separated) only: the figures are for the operator's scraper, not the public.
    /// Call after UseForwardedHeaders, so that a client behind a trusted proxy is judged by its own address.
    /// </summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var allowed = (app.Configuration["Metrics:AllowedNetworks"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(IPNetwork.Parse).ToArray();
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase) && http.Connection.RemoteIpAddress is { } ip
                && !IPAddress.IsLoopback(ip) && !allowed.Any(n => n.Contains(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip)))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase));
        return app;
    }

    private static bool IsHousekeeping(string? path) =>
        path is not null && (path.StartsWith("/health", StringComparison.OrdinalIgnoreCase) || path.Equals(MetricsPath, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// alliance_ready: 1 while the process's readiness checks pass (those tagged "ready", advisory ones aside, as
/// /health/ready decides), 0 otherwise; checked every Telemetry:SampleSeconds (5 by default). An alert fires on 0.
/// </summary>
internal sealed class ReadinessGauge : BackgroundService
{
    private readonly HealthCheckService health;
    private readonly TimeSpan period;
    private int ready;

    private readonly IHostApplicationLifetime lifetime;

    public ReadinessGauge(HealthCheckService health, IConfiguration config, IMeterFactory meters, IHostApplicationLifetime lifetime)
    {
        this.health = health;
        this.lifetime = lifetime;
        period = TimeSpan.FromSeconds(config.GetValue("Telemetry:SampleSeconds", 5.0));
        meters.Create(Telemetry.Name).CreateObservableGauge("alliance.ready", () => ready, null,
            "1 while the process's readiness checks pass, 0 while /health/ready answers 503.");
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        // Checks begin once the host has started (the bus connected): a check during start only logs errors.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult)) await started.Task.WaitAsync(ct);
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), ct);
                ready = report.Entries.Values.Where(e => !e.Tags.Contains("advisory")).All(e => e.Status == HealthStatus.Healthy) ? 1 : 0;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                ready = 0;
            }
        }
    }
}
