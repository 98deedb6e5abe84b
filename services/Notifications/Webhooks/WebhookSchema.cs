using Alliance.Hosting;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// The subscriptions, their signing secrets (encrypted by Data Protection: HMAC signing needs the secret itself, so a
/// hash would not do) and the delivery log: one delivery per (webhook, event id), one attempt row per try.
/// </summary>
public static class WebhookSchema
{
    public static readonly ReadModelSchema Webhooks = new("webhooks", """
        create table if not exists webhooks (
            webhook_id uuid primary key,
            member_id uuid,
            url text not null,
            event_types text[] not null,
            product_id uuid,
            standard_code text,
            vendor_id uuid,
            description text,
            status text not null default 'active',
            disabled_at timestamptz,
            disabled_reason text,
            failing_since timestamptz,
            created_at timestamptz not null,
            created_by text not null,
            deleted_at timestamptz);
        create index if not exists webhooks_member on webhooks (member_id) where deleted_at is null;
        """);

    public static readonly ReadModelSchema Secrets = new("webhook_secrets", """
        create table if not exists webhook_secrets (
            webhook_id uuid not null references webhooks (webhook_id) on delete cascade,
            secret_number int not null,
            secret_protected text not null,
            created_at timestamptz not null,
            expires_at timestamptz,
            primary key (webhook_id, secret_number));
        """);

    public static readonly ReadModelSchema Deliveries = new("webhook_deliveries", """
        create table if not exists webhook_deliveries (
            delivery_id uuid primary key,
            webhook_id uuid not null references webhooks (webhook_id) on delete cascade,
            event_id uuid not null,
            event_type text not null,
            payload text not null,
            status text not null,
            attempts int not null default 0,
            next_attempt_at timestamptz,
            created_at timestamptz not null,
            last_attempt_at timestamptz,
            last_response_code int,
            unique (webhook_id, event_id));
        create index if not exists webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
        create table if not exists webhook_attempts (
            delivery_id uuid not null references webhook_deliveries (delivery_id) on delete cascade,
            attempt int not null,
            at timestamptz not null,
            response_code int,
            duration_ms int not null,
            response_excerpt text,
            error text,
            primary key (delivery_id, attempt));
        """);
}
