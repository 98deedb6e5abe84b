using System.Diagnostics;

namespace Alliance.Testing;

/// <summary>Polls until a condition holds. Asserts outcomes, not timings: the timeout is generous on purpose.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> True(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (clock.Elapsed < limit)
        {
            try
            {
                if (await condition()) return clock.Elapsed;
            }
            catch (HttpRequestException)
            {
                // The service may be restarting; keep polling.
            }
            catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
            {
                // One answer slower than the client's timeout (a loaded machine, a process still starting): ask again.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Not within {limit.TotalSeconds:0} s: {what}");
    }
}
