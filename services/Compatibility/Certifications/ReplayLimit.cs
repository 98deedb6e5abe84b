using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// ?replay=true answers from the events instead of the indexed rows: every certification stream of the product
/// and the standard's stream are read and folded, hundreds of times the cost of the indexed answer. Anonymous
/// callers get RateLimits:ReplayPerMinute of them per client address (default 30), then 429 with Retry-After;
/// the indexed answer stays unlimited but for the service's general limit. Authenticated callers are not limited here.
/// </summary>
public sealed class ReplayLimit(IConfiguration config) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, config.GetValue("RateLimits:ReplayPerMinute", 30)),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>Null when the replay may run; otherwise the 429 to send.</summary>
    public IResult? Refuse(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true) return null;
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (lease.IsAcquired) return null;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
        http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = $"Replays from the events are limited for anonymous callers; retry after {wait} s, or ask without replay=true.",
        });
    }

    public void Dispose() => _limiter.Dispose();
}
