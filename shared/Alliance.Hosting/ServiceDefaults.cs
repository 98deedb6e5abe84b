using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Alliance.Hosting;

public static class ServiceDefaults
{
    /// <summary>Logging, telemetry, problem details, OpenAPI, health checks, JSON and forwarded headers: the same in every service.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddSecretFiles();
        builder.AddTelemetry(ServiceTelemetry.Tracing, ServiceTelemetry.Metrics);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["correlationId"] = Correlation.Of(c.HttpContext));
        builder.Services.AddExceptionHandler<ProblemMapping>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new NulCharacters.Refuse());
        });
        builder.Services.AddOpenApi(o => OpenApiConventions.Configure(o, builder.Configuration));
        builder.AddAccess();
        TestClock.Register(builder);
        FaultHooks.Configure(builder.Configuration);
        // IdempotencyKeys.CommitMark finds the request from inside Marten through it.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"]);
        // Behind the gateway a service lives under /api: X-Forwarded-Prefix becomes PathBase, so links carry /api.
        // X-Forwarded-For gives the real client's address (its rate-limit bucket), from trusted proxies only.
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustedProxies.Configure(o, builder.Configuration,
            ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix));
        return builder;
    }

    /// <summary>The request pipeline every service shares, in order: forwarded headers, correlation, errors, access, rate limits, idempotency.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMetricsEndpoint();
        app.Use(Correlation.Middleware);
        app.Use(ResponseHeaders.Middleware);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(NulCharacters.Middleware);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.Use(IdempotencyKeys.Middleware);
        app.MapOpenApi();
        TestClock.Map(app);
        if (app.Services.GetService<Marten.IDocumentStore>() is not null) app.MapReadModelRebuild();
        if (app.Services.GetService<EventLogSource>() is not null) app.MapAuditEvents();
        // Who this service takes the caller for: lets a client (or a test) see that a token is accepted or refused here.
        app.MapGet("/whoami", (HttpContext http) => Actor.Of(http.User)).RequireAuthorization().ExcludeFromDescription();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        // Degraded counts as not ready: MassTransit reports a bus that lost its broker as degraded while it reconnects.
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = HealthReport.Write,
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        });
        return app;
    }
}
