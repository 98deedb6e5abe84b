using System.Net.Http.Json;

namespace Alliance.Testing;

/// <summary>
/// Moves the clock of a service started with <see cref="Settings"/> (its adjustable test clock, POST /testing/clock on
/// its own port), so a deadline months away falls due now; dispose to put it back.
/// </summary>
public sealed class ServiceClock : IAsyncDisposable
{
    /// <summary>The two switches the service needs: the Testing environment and the setting (see Alliance.Hosting.TestClock).</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Testing:AdjustableClock"] = "true",
        // Each pass of a deadline worker is logged, so a test can wait for passes instead of sleeping.
        ["Logging:LogLevel:Alliance.Compatibility.Certifications.CertificationExpiry"] = "Debug",
        ["Logging:LogLevel:Alliance.Governance.Ballots.BallotCloser"] = "Debug",
    };

    private readonly HttpClient _direct;
    private readonly ServiceProcess _service;

    private ServiceClock(HttpClient direct, ServiceProcess service) => (_direct, _service) = (direct, service);

    /// <summary>The service's "now" becomes the given instant (and keeps running from there).</summary>
    public static async Task<ServiceClock> MoveTo(HttpClient direct, ServiceProcess service, DateTimeOffset now)
    {
        using var moved = await direct.PostAsJsonAsync($"{service.Url}/testing/clock", new { now });
        moved.EnsureSuccessStatusCode();
        return new ServiceClock(direct, service);
    }

    public async ValueTask DisposeAsync()
    {
        using var reset = await _direct.PostAsJsonAsync($"{_service.Url}/testing/clock", new { offset = "00:00:00" });
        reset.EnsureSuccessStatusCode();
    }
}
