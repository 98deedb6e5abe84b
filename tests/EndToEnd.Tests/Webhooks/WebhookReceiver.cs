using System.Collections.Concurrent;
using Alliance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Alliance.EndToEnd.Tests.Webhooks;

/// <summary>
/// A member's endpoint, as a real HTTP server on the loopback: it verifies each delivery with the Standard Webhooks
/// library (signature and timestamp), recognises a webhook-id it has seen as a duplicate, and can be made to fail its
/// first N requests (503) or to answer 410 Gone.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Body, string Signature, long Timestamp, bool Verified, bool Duplicate, DateTimeOffset At);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentDictionary<string, byte> _seen = new();
    private int _failures;

    public int Port { get; } = ServiceProcess.FreePort();
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public string? Secret { get; set; }
    public int FailFirst { get; set; }
    public bool Gone { get; set; }
    public int Requests;
    public IReadOnlyList<Received> All => _received.ToList();

    public WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            Interlocked.Increment(ref Requests);
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Gone) return Results.StatusCode(410);
            if (Interlocked.Increment(ref _failures) <= FailFirst) return Results.StatusCode(503);
            var verified = Verify(body, http.Request.Headers);
            var id = http.Request.Headers["webhook-id"].ToString();
            var duplicate = verified && !_seen.TryAdd(id, 0);
            _received.Enqueue(new Received(id, body, http.Request.Headers["webhook-signature"].ToString(),
                long.TryParse(http.Request.Headers["webhook-timestamp"].ToString(), out var ts) ? ts : 0, verified, duplicate, DateTimeOffset.UtcNow));
            return verified ? Results.Text(duplicate ? "duplicate" : new string('x', 5000)) : Results.StatusCode(400);
        });
    }

    /// <summary>
    /// The spec lets a header carry several space-separated signatures (a rotation's overlap) and a receiver
    /// accepts the message when any one verifies. StandardWebhooks 1.1.2 compares only the first of them (its loop
    /// takes the whole header for the last one), so the receiver hands the library one signature at a time.
    /// </summary>
    private bool Verify(string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(Secret!).Verify(body, one);
                return true;
            }
            catch (WebhookVerificationException)
            {
                // the next signature may be the one made with this receiver's secret
            }
        }
        return false;
    }

    public Task Start() => _app.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
