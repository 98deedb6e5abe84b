using Alliance.Hosting;
using Alliance.Notifications.Delivery;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Npgsql;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// /webhooks: a member's admin manages its own member's webhooks, the secretariat any (and alliance-wide ones, with no
/// member). Another member's webhook answers 404, as if it did not exist. Secrets are shown once (no-store, never kept
/// by the Idempotency-Key cache).
/// </summary>
public static class WebhookEndpoints
{
    public sealed record CreateRequest(string? Url, string[]? EventTypes, Guid? MemberId, Guid? ProductId, string? StandardCode, Guid? VendorId, string? Description);

    public sealed record RotationRequest(double? OverlapHours);

    public sealed record WebhookView(Guid WebhookId, Guid? MemberId, string Url, string[] EventTypes, Guid? ProductId, string? StandardCode, Guid? VendorId,
        string? Description, string Status, DateTime? DisabledAt, string? DisabledReason, DateTime? FailingSince, DateTime CreatedAt, string CreatedBy);

    /// <summary>The row as read: Dapper cannot bind a text[] column to a record's string[], so the types come as JSON.</summary>
    private sealed record WebhookRow(Guid WebhookId, Guid? MemberId, string Url, string EventTypes, Guid? ProductId, string? StandardCode, Guid? VendorId,
        string? Description, string Status, DateTime? DisabledAt, string? DisabledReason, DateTime? FailingSince, DateTime CreatedAt, string CreatedBy)
    {
        public WebhookView View => new(WebhookId, MemberId, Url, System.Text.Json.JsonSerializer.Deserialize<string[]>(EventTypes) ?? [], ProductId, StandardCode,
            VendorId, Description, Status, DisabledAt, DisabledReason, FailingSince, CreatedAt, CreatedBy);
    }

    /// <summary>A new webhook with its signing secret, shown only in this answer.</summary>
    public sealed record RegisteredWebhook(WebhookView Webhook, string Secret);

    /// <summary>A new signing secret (shown once); the previous ones sign until PreviousSecretsValidUntil.</summary>
    public sealed record SecretRotation(Guid WebhookId, string Secret, DateTimeOffset PreviousSecretsValidUntil);

    public sealed record TestDelivery(Guid WebhookId, Guid DeliveryId, Guid EventId);

    /// <summary>Queued: false when the delivery was already pending.</summary>
    public sealed record Redelivery(Guid WebhookId, Guid DeliveryId, bool Queued);

    /// <summary>One event's delivery: NextAttemptAt only while pending; AttemptLog: every attempt.</summary>
    public sealed record DeliveryView(Guid DeliveryId, Guid EventId, string EventType, string Status, int Attempts, DateTime CreatedAt, DateTime? LastAttemptAt,
        int? LastResponseCode, DateTime? NextAttemptAt, IReadOnlyList<AttemptView> AttemptLog);

    public sealed record AttemptView(int Attempt, DateTime At, int? ResponseCode, int DurationMs, string? ResponseExcerpt, string? Error);

    public sealed record DeliveryRow(Guid DeliveryId, Guid EventId, string EventType, string Status, int Attempts, DateTime CreatedAt, DateTime? LastAttemptAt,
        int? LastResponseCode, DateTime? NextAttemptAt);

    private const string Columns = """
        webhook_id as WebhookId, member_id as MemberId, url, array_to_json(event_types)::text as EventTypes, product_id as ProductId, standard_code as StandardCode,
        vendor_id as VendorId, description, status, disabled_at as DisabledAt, disabled_reason as DisabledReason, failing_since as FailingSince,
        created_at as CreatedAt, created_by as CreatedBy
        """;

    private static readonly AuthorizeAttribute AdminOrSecretariat = new() { Roles = $"{Roles.MemberAdmin},{Roles.Secretariat}" };

    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.RequireAuthorization(AdminOrSecretariat);

        webhooks.MapPost("/", async (CreateRequest body, NpgsqlDataSource db, WebhookSecrets secrets, TargetPolicy targets, TimeProvider clock, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            var member = body.MemberId ?? actor.MemberId;
            if (!actor.IsSecretariat && member != actor.MemberId) throw new Forbidden("A member's admin registers webhooks for its own member only.");
            var v = new Validation();
            if (await targets.Refusal(body.Url, http.RequestAborted) is { } refusal) v.Add("url", refusal);
            if (body.EventTypes is not { Length: > 0 and <= 50 }) v.Add("eventTypes", "'eventTypes' names at least one event type: " + string.Join(", ", EventTypes.All) + ".");
            else if (body.EventTypes.FirstOrDefault(t => !EventTypes.All.Contains(t)) is { } unknown) v.Add("eventTypes", $"'{unknown}' is not an event type; known: {string.Join(", ", EventTypes.All)}.");
            if (body.StandardCode is { Length: > 20 }) v.Add("standardCode", "'standardCode' is at most 20 characters.");
            if (body.Description is { Length: > 200 }) v.Add("description", "'description' is at most 200 characters.");
            v.ThrowIfInvalid();
            var id = Guid.NewGuid();
            var secret = WebhookSecrets.NewSecret();
            var now = clock.GetUtcNow();
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await using var tx = await connection.BeginTransactionAsync(http.RequestAborted);
            await connection.ExecuteAsync("""
                insert into webhooks (webhook_id, member_id, url, event_types, product_id, standard_code, vendor_id, description, created_at, created_by)
                values (@id, @member, @Url, @EventTypes, @ProductId, @StandardCode, @VendorId, @Description, @now, @by)
                """, new { id, member, body.Url, EventTypes = body.EventTypes!.Distinct().ToArray(), body.ProductId, body.StandardCode, body.VendorId, body.Description, now, by = actor.Describe() }, tx);
            await secrets.Store(connection, tx, id, 1, secret, now);
            await tx.CommitAsync(http.RequestAborted);
            var view = await Load(connection, id);
            return TypedResults.Created($"{http.Request.PathBase}/webhooks/{id}", new RegisteredWebhook(view!, secret));
        }).ReturnsSecret().WithSummary("Register a webhook; its signing secret (whsec_…) is shown only in this answer");

        webhooks.MapGet("/", async (NpgsqlDataSource db, Guid? member, int? page, int? pageSize, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            var paging = Paging.From(page, pageSize);
            var scope = actor.IsSecretariat ? member : actor.MemberId;
            var args = new { scope, all = actor.IsSecretariat && member is null, paging.Limit, paging.Offset };
            const string where = "where deleted_at is null and (@all or member_id = @scope)";
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from webhooks {where}", args);
            var rows = await connection.QueryAsync<WebhookRow>($"select {Columns} from webhooks {where} order by created_at, webhook_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.Select(r => r.View).ToList(), total));
        }).WithSummary("The caller's member's webhooks (the secretariat: all, or ?member=)");

        webhooks.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            return TypedResults.Ok(await Owned(connection, id, http));
        }).WithSummary("One webhook: its subscription and status (why it was disabled, since when it fails)");

        webhooks.MapDelete("/{id:guid}", async (Guid id, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await Owned(connection, id, http);
            await connection.ExecuteAsync("""
                update webhooks set deleted_at = @now where webhook_id = @id;
                update webhook_deliveries set status = 'cancelled', next_attempt_at = null where webhook_id = @id and status = 'pending';
                delete from webhook_secrets where webhook_id = @id;
                """, new { id, now = clock.GetUtcNow() });
            return TypedResults.NoContent();
        }).WithSummary("Delete a webhook: nothing more is sent, its secrets are destroyed");

        webhooks.MapPost("/{id:guid}/rotation", async (Guid id, RotationRequest? body, NpgsqlDataSource db, WebhookSecrets secrets, TimeProvider clock, HttpContext http) =>
        {
            var hours = body?.OverlapHours ?? 24;
            if (hours is < 0 or > 168) throw new ValidationFailed(new Dictionary<string, string[]> { ["overlapHours"] = ["'overlapHours' is between 0 and 168."] });
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await Owned(connection, id, http);
            var now = clock.GetUtcNow();
            var secret = WebhookSecrets.NewSecret();
            await using var tx = await connection.BeginTransactionAsync(http.RequestAborted);
            // Serialises rotations of one webhook: the loser waits, then numbers its secret after the winner's.
            // (FOR UPDATE cannot lock an aggregate: the webhook's own row is the lock.)
            await connection.ExecuteAsync("select 1 from webhooks where webhook_id = @id for update", new { id }, tx);
            var number = await connection.ExecuteScalarAsync<int>("select coalesce(max(secret_number), 0) + 1 from webhook_secrets where webhook_id = @id", new { id }, tx);
            var until = now.AddHours(hours);
            await connection.ExecuteAsync("update webhook_secrets set expires_at = @until where webhook_id = @id and (expires_at is null or expires_at > @until)", new { id, until }, tx);
            await secrets.Store(connection, tx, id, number, secret, now);
            await tx.CommitAsync(http.RequestAborted);
            return TypedResults.Ok(new SecretRotation(id, secret, until));
        }).ReturnsSecret().WithSummary("A new signing secret (shown once); the previous ones keep signing until the overlap ends (default 24 h)");

        webhooks.MapPost("/{id:guid}/test", async (Guid id, NpgsqlDataSource db, DeliveryWorker worker, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var webhook = await Owned(connection, id, http);
            if (webhook.Status != "active") throw new DomainRuleViolated("webhook-disabled", $"The webhook is disabled ({webhook.DisabledReason}).");
            var now = clock.GetUtcNow();
            var e = new WebhookEvent(Guid.NewGuid(), EventTypes.Test, now, new { webhookId = id, message = "A test delivery from Alliance." });
            var delivery = Guid.NewGuid();
            await connection.ExecuteAsync("""
                insert into webhook_deliveries (delivery_id, webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at)
                values (@delivery, @id, @EventId, @Type, @payload, 'pending', @now, @now)
                """, new { delivery, id, e.EventId, e.Type, payload = e.Payload(), now });
            worker.Wake();
            return TypedResults.Accepted($"{http.Request.PathBase}/webhooks/{id}/deliveries", new TestDelivery(id, delivery, e.EventId));
        }).WithSummary("Send a test event (webhook.test) now");

        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, NpgsqlDataSource db, string? status, int? page, int? pageSize, HttpContext http) =>
        {
            var paging = Paging.From(page, pageSize);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await Owned(connection, id, http);
            var args = new { id, status, paging.Limit, paging.Offset };
            const string where = "where webhook_id = @id and (@status::text is null or status = @status)";
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from webhook_deliveries {where}", args);
            var rows = (await connection.QueryAsync<DeliveryRow>($"""
                select delivery_id as DeliveryId, event_id as EventId, event_type as EventType, status, attempts, created_at as CreatedAt,
                       last_attempt_at as LastAttemptAt, last_response_code as LastResponseCode, next_attempt_at as NextAttemptAt
                from webhook_deliveries {where} order by created_at desc, delivery_id limit @Limit offset @Offset
                """, args)).ToList();
            var attempts = (await connection.QueryAsync<(Guid DeliveryId, int Attempt, DateTime At, int? ResponseCode, int DurationMs, string? ResponseExcerpt, string? Error)>("""
                select delivery_id, attempt, at, response_code, duration_ms, response_excerpt, error from webhook_attempts
                where delivery_id = any(@ids) order by attempt
                """, new { ids = rows.Select(r => r.DeliveryId).ToArray() })).ToLookup(a => a.DeliveryId);
            var items = rows.Select(r => new DeliveryView(r.DeliveryId, r.EventId, r.EventType, r.Status, r.Attempts, r.CreatedAt, r.LastAttemptAt,
                r.LastResponseCode, r.Status == "pending" ? r.NextAttemptAt : null,
                attempts[r.DeliveryId].Select(a => new AttemptView(a.Attempt, a.At, a.ResponseCode, a.DurationMs, a.ResponseExcerpt, a.Error)).ToList())).ToList();
            return TypedResults.Ok(paging.Of(items, total));
        }).WithSummary("The delivery log: each event with its status and every attempt (response code, duration, the first 1 KB of the answer)");

        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redelivery", async (Guid id, Guid deliveryId, NpgsqlDataSource db, DeliveryWorker worker, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var webhook = await Owned(connection, id, http);
            if (webhook.Status != "active") throw new DomainRuleViolated("webhook-disabled", $"The webhook is disabled ({webhook.DisabledReason}).");
            // The same event id again: the receiver recognises the redelivery as a duplicate (Standard Webhooks).
            var changed = await connection.ExecuteAsync("""
                update webhook_deliveries set status = 'pending', next_attempt_at = @now where delivery_id = @deliveryId and webhook_id = @id and status <> 'pending'
                """, new { id, deliveryId, now = clock.GetUtcNow() });
            if (changed == 0 && await connection.ExecuteScalarAsync<bool>("select not exists (select 1 from webhook_deliveries where delivery_id = @deliveryId and webhook_id = @id)", new { id, deliveryId }))
                throw new NotFound($"Delivery {deliveryId}");
            worker.Wake();
            return TypedResults.Accepted($"{http.Request.PathBase}/webhooks/{id}/deliveries", new Redelivery(id, deliveryId, changed > 0));
        }).WithSummary("Send a delivery again now, with the same webhook-id");
    }

    private static async Task<WebhookView?> Load(NpgsqlConnection connection, Guid id) =>
        (await connection.QuerySingleOrDefaultAsync<WebhookRow>($"select {Columns} from webhooks where webhook_id = @id and deleted_at is null", new { id }))?.View;

    /// <summary>The webhook when the caller owns it (its member's admin) or is the secretariat; otherwise 404, revealing nothing.</summary>
    private static async Task<WebhookView> Owned(NpgsqlConnection connection, Guid id, HttpContext http)
    {
        var actor = Actor.Of(http.User);
        var webhook = await Load(connection, id);
        if (webhook is null || (!actor.IsSecretariat && webhook.MemberId != actor.MemberId)) throw new NotFound($"Webhook {id}");
        return webhook;
    }
}
