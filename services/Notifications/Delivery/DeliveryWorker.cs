using System.Diagnostics;
using System.Net;
using System.Text;
using Alliance.Notifications.Webhooks;
using Dapper;
using Npgsql;
using StandardWebhooks;

namespace Alliance.Notifications.Delivery;

/// <summary>
/// Sends the deliveries that are due, signed per Standard Webhooks (webhook-id = the event id, webhook-timestamp = this
/// attempt, webhook-signature = "v1,…" for every valid secret), at least once. Due rows are claimed with FOR UPDATE SKIP
/// LOCKED and leased for a minute, so instances share the work and a crash mid-send only resends. 2xx is delivered; any
/// other answer, a redirect (never followed), a timeout (10 s) or a refused address is a failure retried on the schedule;
/// 410 Gone, or failures lasting longer than Webhooks:DisableAfter, disable the webhook (its owner sees why on it).
/// At most 1 KB of a response is kept.
/// </summary>
public sealed class DeliveryWorker(NpgsqlDataSource db, WebhookSecrets secrets, TargetPolicy targets, RetrySchedule schedule, TimeProvider clock,
    ILogger<DeliveryWorker> log) : BackgroundService
{
    public const int KeptResponseBytes = 1024;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly HttpClient _http = new(targets.Handler()) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Something was queued in this process: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnce(stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Webhook delivery pass failed; retrying");
            }
            // Another instance's queueing, and retries falling due, are found by polling.
            await _wake.WaitAsync(TimeSpan.FromMilliseconds(250), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private sealed record Due(Guid DeliveryId, Guid WebhookId, Guid EventId, string Payload, int Attempts, string Url, string Status, DateTime? FailingSince);

    /// <summary>Sends what is due now; returns how many were sent.</summary>
    public async Task<int> RunOnce(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Due> due;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            due = (await connection.QueryAsync<Due>("""
                with claimed as (
                    select d.delivery_id from webhook_deliveries d
                    where d.status = 'pending' and d.next_attempt_at <= @now
                    order by d.next_attempt_at limit 20 for update skip locked)
                update webhook_deliveries d set next_attempt_at = @lease
                from claimed, webhooks w
                where d.delivery_id = claimed.delivery_id and w.webhook_id = d.webhook_id
                returning d.delivery_id as DeliveryId, d.webhook_id as WebhookId, d.event_id as EventId, d.payload, d.attempts,
                          w.url, w.status, w.failing_since as FailingSince
                """, new { now, lease = now.AddMinutes(1) })).ToList();
        }
        await Task.WhenAll(due.Select(d => Send(d, ct)));
        return due.Count;
    }

    private async Task Send(Due d, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var attempt = d.Attempts + 1;
        if (d.Status != "active" || (await secrets.Valid(connection, d.WebhookId, clock.GetUtcNow())) is not { Count: > 0 } keys)
        {
            await connection.ExecuteAsync("update webhook_deliveries set status = 'cancelled', next_attempt_at = null where delivery_id = @DeliveryId", d);
            return;
        }
        var started = clock.GetUtcNow();
        var (code, excerpt, error, elapsed) = await Post(d, keys, started, ct);
        var ok = code is >= 200 and < 300;
        var gone = code == (int)HttpStatusCode.Gone;
        var failingSince = ok ? (DateTimeOffset?)null : d.FailingSince is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : started;
        var disable = gone ? "the endpoint answered 410 Gone"
            : !ok && started - failingSince >= schedule.DisableAfter ? $"every delivery failed for {schedule.DisableAfter.TotalHours:0.#} h" : null;
        var retryIn = ok || disable is not null ? null : schedule.After(attempt);
        var status = ok ? "delivered" : retryIn is null ? "failed" : "pending";
        await using var tx = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("""
            insert into webhook_attempts (delivery_id, attempt, at, response_code, duration_ms, response_excerpt, error)
            values (@DeliveryId, @attempt, @started, @code, @ms, @excerpt, @error);
            update webhook_deliveries set attempts = @attempt, status = @status, last_attempt_at = @started, last_response_code = @code,
                next_attempt_at = @next where delivery_id = @DeliveryId;
            update webhooks set failing_since = @failingSince where webhook_id = @WebhookId;
            """, new { d.DeliveryId, d.WebhookId, attempt, started, code, ms = (int)elapsed.TotalMilliseconds, excerpt, error, status, next = retryIn is { } r ? started + r : (DateTimeOffset?)null, failingSince }, tx);
        if (disable is not null)
        {
            // The member is told: a notice row beside the disabling, in the same transaction (WebhookNotices).
            if (await WebhookNotices.Disable(connection, tx, d.WebhookId, started, disable))
                log.LogWarning("Webhook {Webhook} disabled: {Reason}", d.WebhookId, disable);
            await connection.ExecuteAsync("update webhook_deliveries set status = 'cancelled', next_attempt_at = null where webhook_id = @WebhookId and status = 'pending'",
                new { d.WebhookId }, tx);
        }
        await tx.CommitAsync(ct);
        log.LogInformation("Webhook {Webhook} delivery {Event} attempt {Attempt}: {Status} ({Code})", d.WebhookId, d.EventId, attempt, status, code?.ToString() ?? error);
    }

    private async Task<(int? Code, string? Excerpt, string? Error, TimeSpan Elapsed)> Post(Due d, List<string> keys, DateTimeOffset at, CancellationToken ct)
    {
        var id = d.EventId.ToString();
        // Every valid secret signs: during a rotation's overlap a receiver holding either one verifies.
        var signatures = string.Join(' ', keys.Select(k => new StandardWebhook(k).Sign(id, at, d.Payload)));
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = new StringContent(d.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signatures);
        request.Headers.UserAgent.ParseAdd("Alliance-Webhooks/1.0");
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return ((int)response.StatusCode, await Excerpt(response, ct), null, watch.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return (null, null, e.Message.Length > 500 ? e.Message[..500] : e.Message, watch.Elapsed);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, null, "no answer within 10 s", watch.Elapsed);
        }
    }

    /// <summary>The first kilobyte of the answer, read no further.</summary>
    private static async Task<string?> Excerpt(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[KeptResponseBytes];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read).Replace('\0', ' ');
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
