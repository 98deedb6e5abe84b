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
/// </summary>
public sealed class ZipkinReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

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
                foreach (var span in JsonNode.Parse(await reader.ReadToEndAsync())!.AsArray())
                    _spans.Enqueue(new ReceivedSpan((string)span!["traceId"]!, (string)span["id"]!, (string?)span["parentId"], (string?)span["name"] ?? "",
                        (string?)span["kind"], (string?)span["localEndpoint"]?["serviceName"] ?? "",
                        span["tags"]?.AsObject().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "") ?? new Dictionary<string, string>()));
                context.Response.StatusCode = 202;
            }
            catch (Exception)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
