using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>One span as Zipkin's JSON v2 describes it (what OpenTelemetry's Zipkin exporter sends).</summary>
public sealed record ReceivedSpan(string TraceId, string Id, string? ParentId, string Name, string? Kind, string Service, IReadOnlyDictionary<string, string> Tags)
{
    public override string ToString() => $"{Service} {Kind ?? "INTERNAL"} '{Name}' {Id} ← {ParentId ?? "root"}";
}

/// <summary>
/// A Zipkin collector for one test run: a real HTTP listener on a free local port that accepts POST /api/v2/spans
/// (JSON v2) and keeps every span it is sent. The services export to it when Telemetry:ZipkinEndpoint names it.
/// A test waits on what has arrived (WaitFor is woken by every batch), never on a guess of how long exporting takes.
/// </summary>
public sealed class ZipkinReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentDictionary<string, int> _batches = new();
    private readonly Task _loop;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ZipkinReceiver()
    {
        Port = ServiceProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Receive);
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}/api/v2/spans";
    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToList();

    /// <summary>How many batches each process (by its service name) has exported here so far.</summary>
    public IReadOnlyDictionary<string, int> BatchesByService => new Dictionary<string, int>(_batches);

    /// <summary>
    /// Every span received so far, once <paramref name="done"/> says they are enough; re-checked on each batch that
    /// arrives (and once a second, for a condition on something else). Throws with what did arrive after the timeout.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitFor(Func<IReadOnlyList<ReceivedSpan>, bool> done, string what, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var arrived = _arrived.Task;
            var spans = Spans;
            if (done(spans)) return spans;
            if (limit.IsCancellationRequested)
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what} ({spans.Count} spans received; batches by service: " +
                    string.Join(", ", BatchesByService.Select(b => $"{b.Key} {b.Value}")) + ")");
            try { await arrived.WaitAsync(TimeSpan.FromSeconds(1), limit.Token); }
            catch (TimeoutException) { }
            catch (OperationCanceledException) { }
        }
    }

    private async Task Receive()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            try
            {
                using var reader = new StreamReader(context.Request.InputStream);
                var services = new HashSet<string>();
                foreach (var span in JsonNode.Parse(await reader.ReadToEndAsync())!.AsArray())
                {
                    var received = new ReceivedSpan((string)span!["traceId"]!, (string)span["id"]!, (string?)span["parentId"], (string?)span["name"] ?? "",
                        (string?)span["kind"], (string?)span["localEndpoint"]?["serviceName"] ?? "",
                        span["tags"]?.AsObject().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "") ?? new Dictionary<string, string>());
                    _spans.Enqueue(received);
                    services.Add(received.Service);
                }
                foreach (var service in services) _batches.AddOrUpdate(service, 1, (_, n) => n + 1);
                context.Response.StatusCode = 202;
            }
            catch (Exception)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
            Interlocked.Exchange(ref _arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
