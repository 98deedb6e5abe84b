using Alliance.Hosting;
using Dapper;
using Npgsql;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// What the platform tells a member about its webhooks: one notice row each time one of them is disabled (410 Gone, or a
/// day of failures), written in the same transaction as the disabling, so none is lost and none is written twice. The
/// member's admins read them at GET /webhooks/notices (the Portal's workspace shows the open ones) and acknowledge them;
/// a notice outlives the webhook's deletion.
/// </summary>
public static class WebhookNotices
{
    public const string Disabled = "webhook-disabled";

    public static readonly ReadModelSchema Schema = new("webhook_notices", """
        create table if not exists webhook_notices (
            notice_id uuid primary key,
            webhook_id uuid not null,
            member_id uuid,
            kind text not null,
            reason text not null,
            url text not null,
            description text,
            at timestamptz not null,
            acknowledged_at timestamptz,
            acknowledged_by text);
        create index if not exists webhook_notices_member on webhook_notices (member_id, at desc);
        """);

    public sealed record NoticeView(Guid NoticeId, Guid WebhookId, Guid? MemberId, string Kind, string Reason, string Url, string? Description, DateTime At,
        DateTime? AcknowledgedAt, string? AcknowledgedBy);

    /// <summary>
    /// Disables the webhook when it is still active, and records the notice for its member; true when this call disabled it
    /// (an instance that lost the race to another changes nothing).
    /// </summary>
    public static async Task<bool> Disable(NpgsqlConnection connection, NpgsqlTransaction tx, Guid webhookId, DateTimeOffset at, string reason) =>
        await connection.ExecuteAsync("""
            with disabled as (
                update webhooks set status = 'disabled', disabled_at = @at, disabled_reason = @reason
                where webhook_id = @webhookId and status = 'active'
                returning webhook_id, member_id, url, description)
            insert into webhook_notices (notice_id, webhook_id, member_id, kind, reason, url, description, at)
            select gen_random_uuid(), webhook_id, member_id, @kind, @reason, url, description, @at from disabled
            """, new { webhookId, at, reason, kind = Disabled }, tx) > 0;

    private const string Columns = """
        notice_id as NoticeId, webhook_id as WebhookId, member_id as MemberId, kind, reason, url, description, at, acknowledged_at as AcknowledgedAt,
        acknowledged_by as AcknowledgedBy
        """;

    public static void Map(RouteGroupBuilder webhooks)
    {
        webhooks.MapGet("/notices", async (NpgsqlDataSource db, Guid? member, bool? acknowledged, int? page, int? pageSize, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            var paging = Paging.From(page, pageSize);
            var args = new { scope = actor.IsSecretariat ? member : actor.MemberId, all = actor.IsSecretariat && member is null, acknowledged, paging.Limit, paging.Offset };
            const string where = """
                where (@all or member_id = @scope)
                  and (@acknowledged::boolean is null or (acknowledged_at is not null) = @acknowledged)
                """;
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from webhook_notices {where}", args);
            var rows = await connection.QueryAsync<NoticeView>($"select {Columns} from webhook_notices {where} order by at desc, notice_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.ToList(), total));
        }).WithSummary("What the platform told the caller's member about its webhooks, newest first: each disabling, with when and why (?acknowledged=false: the open ones)");

        webhooks.MapPost("/notices/{id:guid}/acknowledgement", async (Guid id, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var notice = await connection.QuerySingleOrDefaultAsync<NoticeView>($"select {Columns} from webhook_notices where notice_id = @id", new { id });
            if (notice is null || (!actor.IsSecretariat && notice.MemberId != actor.MemberId)) throw new NotFound($"Notice {id}");
            await connection.ExecuteAsync("update webhook_notices set acknowledged_at = @now, acknowledged_by = @by where notice_id = @id and acknowledged_at is null",
                new { id, now = clock.GetUtcNow(), by = actor.Describe() });
            return TypedResults.Ok(await connection.QuerySingleAsync<NoticeView>($"select {Columns} from webhook_notices where notice_id = @id", new { id }));
        }).WithSummary("Mark a notice as read: the workspace no longer shows it");
    }
}
