using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alliance.Hosting;

/// <summary>
/// The service's clock: the system's, or, for end-to-end tests only, the system's plus an offset the test sets
/// (POST /testing/clock on the service's own port), so a deadline months away falls due without sleeping. The
/// adjustable clock needs two independent switches, the environment <c>Testing</c> (ASPNETCORE_ENVIRONMENT) and
/// <c>Testing:AdjustableClock=true</c>; the setting anywhere else stops the service at start, so a copied
/// test configuration cannot move a production clock. The endpoint is never routed by the gateway.
/// </summary>
public sealed class TestClock : TimeProvider
{
    public const string Setting = "Testing:AdjustableClock";

    /// <summary>Where the clock starts (an offset from the system's), so a restarted process can wake up "later".</summary>
    public const string StartOffsetSetting = "Testing:ClockOffset";
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    // Timers and timestamps stay the system's: only "what time is it" moves, so intervals still pass in real time.
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    public sealed record Move(TimeSpan? Offset, DateTimeOffset? Now);

    public static void Register(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(Setting, false))
        {
            builder.Services.AddSingleton(TimeProvider.System);
            return;
        }
        if (!builder.Environment.IsEnvironment("Testing"))
            throw new InvalidOperationException($"{Setting} is set but the environment is '{builder.Environment.EnvironmentName}': the adjustable clock exists for tests only (environment Testing).");
        var clock = new TestClock { _offsetTicks = builder.Configuration.GetValue<TimeSpan?>(StartOffsetSetting)?.Ticks ?? 0 };
        builder.Services.AddSingleton<TimeProvider>(clock);
    }

    public static void Map(WebApplication app)
    {
        if (app.Services.GetRequiredService<TimeProvider>() is not TestClock clock) return;
        app.Logger.LogTestClock();
        app.MapPost("/testing/clock", (Move move) =>
        {
            var offset = move.Offset ?? (move.Now is { } now ? now - TimeProvider.System.GetUtcNow() : TimeSpan.Zero);
            Interlocked.Exchange(ref clock._offsetTicks, offset.Ticks);
            return TypedResults.Ok(new { now = clock.GetUtcNow(), offset = clock.Offset });
        }).ExcludeFromDescription();
    }
}

internal static partial class TestClockLog
{
    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "The adjustable test clock is on (Testing:AdjustableClock): POST /testing/clock moves this service's time.")]
    public static partial void LogTestClock(this Microsoft.Extensions.Logging.ILogger logger);
}
