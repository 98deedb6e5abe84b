using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alliance.Gateway;

/// <summary>
/// The platform is ready only when every service is: each service when at least one of its instances says it is
/// ready (each checks its PostgreSQL and RabbitMQ). Every instance is listed with its own answer under "instances".
/// </summary>
public sealed class PlatformHealth(IHttpClientFactory http, IConfiguration config) : IHealthCheck
{
    public const string InstancesKey = "instances";

    public sealed record Instance(string Address, string Status);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = http.CreateClient(nameof(PlatformHealth));
        var services = await Task.WhenAll(RouteTable.Processes(config).Select(async service =>
        {
            var path = service == RouteTable.Portal ? "/health/live" : "/health/ready";
            var instances = await Task.WhenAll(RouteTable.Addresses(config, service).Select(address => Check(client, address, path, ct)));
            return (service, instances);
        }));
        var data = services.ToDictionary(s => s.service, s => (object)Summary(s.instances));
        data[InstancesKey] = services.ToDictionary(s => s.service, s => s.instances.Select(i => new Instance(i.address, Text(i))).ToArray());
        return services.All(s => s.instances.Any(i => i.ready))
            ? HealthCheckResult.Healthy("every service is ready", data)
            : HealthCheckResult.Unhealthy("not every service is ready", data: data);
    }

    private static async Task<(string address, bool ready, string detail)> Check(HttpClient client, string address, string path, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync($"{address}{path}", ct);
            // A ready service may still report itself degraded (dead letters in its _error queues): say so, stay ready.
            var degraded = response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(ct)).Contains("\"status\":\"Degraded\"", StringComparison.Ordinal);
            return (address, response.IsSuccessStatusCode, degraded ? "degraded" : $"{(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (address, false, e.Message);
        }
    }

    private static string Text((string address, bool ready, string detail) i) =>
        i.ready ? i.detail == "degraded" ? "ready, degraded (see its /health/ready)" : "ready" : $"not ready ({i.detail})";

    // One instance: its own answer, as before. Several: ready while one is, saying how many are.
    private static string Summary((string address, bool ready, string detail)[] instances)
    {
        if (instances.Length == 1) return Text(instances[0]);
        var ready = instances.Where(i => i.ready).ToArray();
        if (ready.Length == 0) return $"not ready (0 of {instances.Length} instances)";
        var degraded = ready.Any(i => i.detail == "degraded") ? ", degraded (see its /health/ready)" : "";
        return $"ready{degraded} ({ready.Length} of {instances.Length} instances)";
    }
}
