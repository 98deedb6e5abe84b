using System.Diagnostics;

namespace Alliance.Portal;

/// <summary>Server-Timing: app;dur=… on every page, so the time the server spent is visible in the browser and to tests.</summary>
public static class ServerTiming
{
    public static async Task Middleware(HttpContext http, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        http.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            http.Response.Headers["Server-Timing"] = $"app;dur={ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}";
            return Task.CompletedTask;
        });
        await next(http);
    }
}
