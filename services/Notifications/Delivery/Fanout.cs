using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace Alliance.Notifications.Delivery;

/// <summary>One event for subscribers: its type, id, business time, data, and what the filters match on.</summary>
public sealed record WebhookEvent(Guid EventId, string Type, DateTimeOffset Timestamp, object Data, Guid? ProductId = null, string? StandardCode = null, Guid? VendorId = null)
{
    /// <summary>
    /// A second event type made from the same message (a decision is also a ballot's closing) needs an id of its own, the
    /// same on every redelivery of the message: derived from the message id and the type.
    /// </summary>
    public static Guid Derived(Guid messageId, string type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{type}"));
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50); // version 5-like, variant RFC 4122
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The body as sent and signed: {"type", "timestamp", "data"} (Standard Webhooks' payload shape).</summary>
    public string Payload() => JsonSerializer.Serialize(new { type = Type, timestamp = Timestamp, data = Data }, JsonSerializerOptions.Web);
}

/// <summary>
/// Matches an event to the active webhooks subscribed to its type whose filters (product, standard, vendor) it meets, and
/// queues one delivery for each, in the consumer's transaction; (webhook, event id) is unique, so a message delivered
/// twice queues nothing twice.
/// </summary>
public static class Fanout
{
    public static async Task<int> Enqueue(NpgsqlConnection db, NpgsqlTransaction tx, WebhookEvent e, DateTimeOffset now) =>
        await db.ExecuteAsync("""
            insert into webhook_deliveries (delivery_id, webhook_id, event_id, event_type, payload, status, next_attempt_at, created_at)
            select gen_random_uuid(), webhook_id, @EventId, @Type, @payload, 'pending', @now, @now from webhooks
            where deleted_at is null and status = 'active' and @Type = any(event_types)
              and (product_id is null or product_id = @ProductId) and (standard_code is null or standard_code = @StandardCode)
              and (vendor_id is null or vendor_id = @VendorId)
            on conflict (webhook_id, event_id) do nothing
            """, new { e.EventId, e.Type, payload = e.Payload(), now, e.ProductId, e.StandardCode, e.VendorId }, tx);
}
