namespace Alliance.Notifications.Webhooks;

/// <summary>The event types a webhook may subscribe to (the payload's "type"), and the test event.</summary>
public static class EventTypes
{
    public static readonly string[] All =
    [
        "certification.granted", "certification.revoked", "certification.expired", "certification.lapsed",
        "standard.version.ratified", "standard.version.withdrawn",
        "ballot.opened", "ballot.closed", "decision.recorded",
        "project.approved", "project.rejected",
        "member.admitted", "member.suspended", "member.reinstated", "member.withdrew", "member.expelled",
    ];

    /// <summary>Sent by POST /webhooks/{id}/test, whatever the subscription.</summary>
    public const string Test = "webhook.test";
}
