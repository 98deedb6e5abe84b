using Alliance.Contracts.Compatibility;
using Alliance.Contracts.Governance;
using Alliance.Contracts.Registry;
using Alliance.Hosting;
using MassTransit;

namespace Alliance.Notifications.Delivery;

/// <summary>
/// The integration messages that become webhook events. Each is handled once per message id (ProcessedMessages); the
/// webhook-id of the delivery is the message id, which is the publisher's event id.
/// </summary>
public abstract class EventConsumer<T>(ProcessedMessages processed, DeliveryWorker worker, TimeProvider clock) : IConsumer<T> where T : class
{
    protected abstract IEnumerable<WebhookEvent> Events(T message, Guid messageId);

    public async Task Consume(ConsumeContext<T> context)
    {
        var queued = 0;
        await processed.Once(context, "webhooks-" + typeof(T).Name, async (db, tx) =>
        {
            foreach (var e in Events(context.Message, context.MessageId!.Value)) queued += await Fanout.Enqueue(db, tx, e, clock.GetUtcNow());
        });
        if (queued > 0) worker.Wake();
    }
}

public sealed class CertificationConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<CertificationStatusChanged>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(CertificationStatusChanged m, Guid id)
    {
        var type = m.Status switch
        {
            "certified" => "certification.granted",
            "revoked" => "certification.revoked",
            "expired" => "certification.expired",
            "lapsed" => "certification.lapsed",
            _ => null,
        };
        if (type is not null) yield return new WebhookEvent(id, type, m.ChangedAt, m, m.ProductId, m.StandardCode, m.VendorId);
    }
}

public sealed class StandardVersionConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<StandardVersionStatusChanged>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(StandardVersionStatusChanged m, Guid id)
    {
        if (m.Status is "ratified" or "withdrawn") yield return new WebhookEvent(id, $"standard.version.{m.Status}", m.ChangedAt, m, StandardCode: m.Code);
    }
}

public sealed class BallotOpenedConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<BallotOpened>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(BallotOpened m, Guid id) => [new WebhookEvent(id, "ballot.opened", m.OpenedAt, m)];
}

public sealed class DecisionConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<DecisionRecorded>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(DecisionRecorded m, Guid id)
    {
        yield return new WebhookEvent(id, "decision.recorded", m.DecidedAt, m);
        yield return new WebhookEvent(WebhookEvent.Derived(id, "ballot.closed"), "ballot.closed", m.DecidedAt, new { m.BallotId, m.SubjectKind, m.SubjectReference, m.Outcome, m.Approved, m.Tally, closedAt = m.DecidedAt });
        if (m.SubjectKind == "project-approval")
        {
            var type = m.Approved ? "project.approved" : "project.rejected";
            yield return new WebhookEvent(WebhookEvent.Derived(id, type), type, m.DecidedAt, new { projectId = m.SubjectReference, m.DecisionId, m.Outcome, m.DecidedAt });
        }
    }
}

// Member events carry the public directory's facts only: never a suspension's or expulsion's reason.
public sealed class MemberAdmittedConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<MemberAdmitted>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(MemberAdmitted m, Guid id) =>
        [new WebhookEvent(id, "member.admitted", m.AdmittedAt, new { m.MemberId, m.Name, m.Kind, m.Tier, m.Country, m.AdmittedAt })];
}

public sealed class MemberSuspendedConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<MemberSuspended>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(MemberSuspended m, Guid id) =>
        [new WebhookEvent(id, "member.suspended", m.SuspendedAt, new { m.MemberId, m.Name, m.SuspendedAt })];
}

public sealed class MemberReinstatedConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<MemberReinstated>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(MemberReinstated m, Guid id) =>
        [new WebhookEvent(id, "member.reinstated", m.ReinstatedAt, new { m.MemberId, m.Name, m.ReinstatedAt })];
}

public sealed class MemberWithdrewConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<MemberWithdrew>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(MemberWithdrew m, Guid id) =>
        [new WebhookEvent(id, "member.withdrew", m.WithdrewAt, new { m.MemberId, m.Name, m.WithdrewAt })];
}

public sealed class MemberExpelledConsumer(ProcessedMessages p, DeliveryWorker w, TimeProvider c) : EventConsumer<MemberExpelled>(p, w, c)
{
    protected override IEnumerable<WebhookEvent> Events(MemberExpelled m, Guid id) =>
        [new WebhookEvent(id, "member.expelled", m.ExpelledAt, new { m.MemberId, m.Name, m.ExpelledAt })];
}
