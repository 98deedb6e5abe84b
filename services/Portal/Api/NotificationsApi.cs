namespace Alliance.Portal.Api;

/// <summary>Notifications' API as the signed-in member's admin: what the platform told its member about its webhooks.</summary>
public sealed class NotificationsApi(HttpClient http) : ServiceApi(http)
{
    public sealed record WebhookNotice(Guid NoticeId, Guid WebhookId, string Kind, string Reason, string Url, string? Description, DateTimeOffset At);

    public sealed record Notices(List<WebhookNotice> Items);

    /// <summary>The notices not yet acknowledged (each disabled webhook), newest first.</summary>
    public async Task<IReadOnlyList<WebhookNotice>> OpenNotices(CancellationToken ct) =>
        (await Get<Notices>($"/webhooks/notices?{Query(("acknowledged", "false"), ("pageSize", 20))}", ct)).Items;
}
