using System.Text.Json;
using Alliance.Gateway;
using Alliance.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);
// Behind a TLS-terminating proxy: its X-Forwarded-For and X-Forwarded-Proto are believed when it is configured
// (ForwardedHeaders:KnownProxies/KnownNetworks; nobody by default: the gateway is the edge), so the services and
// the Portal learn the real client and https.
builder.Services.Configure<ForwardedHeadersOptions>(o => Alliance.Hosting.TrustedProxies.Configure(o, builder.Configuration,
    Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
    loopbackByDefault: false));
// YARP's own activity source: the forwarding span between the gateway's server span and its call to the service.
builder.AddTelemetry(t => t.AddSource("Yarp.ReverseProxy"));
var (routes, clusters) = RouteTable.Build(builder.Configuration);
builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
builder.Services.AddHttpClient(nameof(PlatformHealth), c => c.Timeout = TimeSpan.FromSeconds(3));
builder.Services.AddHttpClient(nameof(ApiDocuments), c => c.Timeout = TimeSpan.FromSeconds(60));
builder.Services.AddHealthChecks().AddCheck<PlatformHealth>("platform", tags: ["ready"]);
builder.Services.AddProblemDetails();

var maxBody = builder.Configuration.GetValue("Limits:MaxRequestBodyBytes", 1_048_576L);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);

var app = builder.Build();
// First, so that YARP's X-Forwarded-* (which replace any incoming ones) carry the original client and scheme.
app.UseForwardedHeaders();
// The gateway's own answers (its 404 and 413 problems, health, /api/audit) are read only as the type they are sent
// as, like every service's (ResponseHeaders.cs); a proxied answer keeps the service's own header.
app.Use((http, next) =>
{
    http.Response.OnStarting(() =>
    {
        if (http.Response.Headers.XContentTypeOptions.Count == 0) http.Response.Headers.XContentTypeOptions = "nosniff";
        return Task.CompletedTask;
    });
    return next(http);
});
// The gateway's own figures, never a service's: /metrics is answered here and not routed (docs/operations.md).
app.UseMetricsEndpoint();
app.UseStatusCodePages();
// Refuse an oversized body here, before it is streamed to a service that would cut the connection (502).
app.Use(async (http, next) =>
{
    if (http.Request.ContentLength > maxBody)
    {
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await http.Response.WriteAsJsonAsync(new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.14", title = "Payload too large", status = 413, detail = $"Bodies are limited to {maxBody} bytes." },
            JsonSerializerOptions.Web, "application/problem+json");
        return;
    }
    await next(http);
});
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = c => c.Tags.Contains("ready"),
    ResponseWriter = (http, report) => http.Response.WriteAsJsonAsync(new
    {
        status = report.Status.ToString(),
        services = report.Entries.SelectMany(e => e.Value.Data).Where(d => d.Key != PlatformHealth.InstancesKey).ToDictionary(d => d.Key, d => d.Value),
        // Every instance of every service with its own answer (several when Services:{service} lists several).
        instances = report.Entries.Values.Select(e => e.Data.GetValueOrDefault(PlatformHealth.InstancesKey)).FirstOrDefault(i => i is not null),
    }, JsonSerializerOptions.Web),
});
// Without a Portal configured the root says where the API is; with one, the Portal's pages take the root.
if (!RouteTable.Processes(app.Configuration).Contains(RouteTable.Portal))
    app.MapGet("/", () => Results.Text("Alliance platform. API under /api (e.g. /api/members); OpenAPI documents at /api/openapi/{registry,governance,compatibility,transparency,market,notifications}.json, browsable at /api/reference; readiness at /health/ready.\n"));
app.MapApiDocuments();
// The services whose events an auditor reads through the gateway (alliance log audit --url): name and path of each.
app.MapGet("/api/audit", () => RouteTable.SegmentsByService.Keys.Select(s => new { service = s.ToLowerInvariant(), events = RouteTable.AuditEventsPath(s) }));
// An unknown /api path is an API 404 (problem+json), never a web page.
app.Map("/api/{**rest}", (HttpContext http) => Results.Problem(statusCode: 404, title: "Not found", detail: $"No API resource at {http.Request.Path}."));
app.MapReverseProxy();
app.Run();

public partial class Program;
