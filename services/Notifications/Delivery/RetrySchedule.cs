using System.Globalization;

namespace Alliance.Notifications.Delivery;

/// <summary>
/// The waits between attempts after the first, immediate one: Standard Webhooks' example schedule by default (5 s, 5 min,
/// 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: about 3 days in all). Webhooks:RetrySchedule (comma-separated TimeSpans)
/// replaces it; the tests use fractions of a second. Webhooks:DisableAfter (default a day) is how long an endpoint may
/// keep failing before it is disabled.
/// </summary>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Waits, TimeSpan DisableAfter)
{
    public const string Default = "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00";

    public static RetrySchedule From(IConfiguration config)
    {
        var text = config["Webhooks:RetrySchedule"] is { Length: > 0 } s ? s : Default;
        var waits = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(w => TimeSpan.TryParse(w, CultureInfo.InvariantCulture, out var t) && t >= TimeSpan.Zero ? t
                : throw new InvalidOperationException($"Webhooks:RetrySchedule: '{w}' is not a time span (hh:mm:ss)"))
            .ToList();
        var disable = config["Webhooks:DisableAfter"] is { Length: > 0 } d ? TimeSpan.Parse(d, CultureInfo.InvariantCulture) : TimeSpan.FromDays(1);
        return new RetrySchedule(waits, disable);
    }

    /// <summary>When to try again after the given failed attempt (1-based), or null when the schedule is spent.</summary>
    public TimeSpan? After(int attempt) => attempt <= Waits.Count ? Waits[attempt - 1] : null;
}
