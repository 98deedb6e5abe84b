using System.Net;

namespace Alliance.Bench;

/// <summary>
/// O1's receiver: an OTLP/HTTP endpoint on the loopback (POST /v1/traces, /v1/metrics, /v1/logs, protobuf) that
/// counts what it is sent and discards it, answering 200 with an empty body (an empty Export…ServiceResponse), as
/// a collector that keeps up would. GET /count answers "requests bytes" so the bench can tell spans really arrived.
/// It runs as a process of its own (Alliance.Bench --otlp-sink PORT), started by deploy/bench.sh before the traced
/// platform, so every process exports to it from its first span.
/// </summary>
public static class OtlpSink
{
    public static async Task<int> Run(int port)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.Error.WriteLine($"otlp-sink: listening on http://127.0.0.1:{port}");
        long requests = 0, bytes = 0;
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            // Each export on its own task: eight processes export at once, none should wait for another's answer.
            _ = Task.Run(async () =>
            {
                try
                {
                    if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath == "/count")
                    {
                        var text = System.Text.Encoding.ASCII.GetBytes($"{Interlocked.Read(ref requests)} {Interlocked.Read(ref bytes)}\n");
                        await context.Response.OutputStream.WriteAsync(text);
                    }
                    else if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath.StartsWith("/v1/", StringComparison.Ordinal) == true)
                    {
                        var length = 0L;
                        var buffer = new byte[16384];
                        for (int n; (n = await context.Request.InputStream.ReadAsync(buffer)) > 0;) length += n;
                        Interlocked.Increment(ref requests);
                        Interlocked.Add(ref bytes, length);
                        context.Response.ContentType = "application/x-protobuf";
                    }
                    else context.Response.StatusCode = 404;
                }
                catch (Exception) { context.Response.StatusCode = 500; }
                finally { context.Response.Close(); }
            });
        }
        return 0;
    }

    /// <summary>How many exports and bytes the sink at this port has received so far.</summary>
    public static async Task<(long Requests, long Bytes)> Count(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var parts = (await http.GetStringAsync($"http://127.0.0.1:{port}/count")).Split(' ');
        return (long.Parse(parts[0]), long.Parse(parts[1]));
    }
}
