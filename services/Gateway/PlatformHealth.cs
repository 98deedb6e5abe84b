using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliance.Gateway;

/// <summary>The platform is ready only when every service says it is (each checks its PostgreSQL and RabbitMQ).</summary>
public sealed class PlatformHealth(IHttpClientFactory http, IConfiguration config) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = http.CreateClient(nameof(PlatformHealth));
        var results = await Task.WhenAll(RouteTable.Processes(config).Select(async service =>
        {
            try
            {
                using var response = await client.GetAsync($"{RouteTable.Address(config, service)}{(service == RouteTable.Portal ? "/health/live" : "/health/ready")}", ct);
                // A ready service may still report itself degraded (dead letters in its _error queues): say so, stay ready.
                var degraded = response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(ct)).Contains("\"status\":\"Degraded\"", StringComparison.Ordinal);
                return (service, ready: response.IsSuccessStatusCode, detail: degraded ? "degraded" : $"{(int)response.StatusCode}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (service, ready: false, detail: e.Message);
            }
        }));
        var data = results.ToDictionary(r => r.service, r => (object)(r.ready ? r.detail == "degraded" ? "ready, degraded (see its /health/ready)" : "ready" : $"not ready ({r.detail})"));
        return results.All(r => r.ready)
            ? HealthCheckResult.Healthy("every service is ready", data)
            : HealthCheckResult.Unhealthy("not every service is ready", data: data);
    }
}
