using Alliance.Contracts.Registry;
using Alliance.Hosting;
using Dapper;
using MassTransit;

namespace Alliance.Membership;

/// <summary>
/// Records the standing of each member and the revoked clients from Registry's messages, so a service can refuse the
/// open tokens of a suspended, withdrawn or expelled member whoever issued them. A service declares its own sealed
/// MemberStandingConsumer deriving from this in its own folder (its queue is "{service}-member-standing").
/// Messages of one member may arrive out of order; the stream version (es-version) decides which is newer.
/// </summary>
public abstract class MemberStandingRecorder(ProcessedMessages processed) :
    IConsumer<MemberAdmitted>, IConsumer<MemberSuspended>, IConsumer<MemberReinstated>,
    IConsumer<MemberWithdrew>, IConsumer<MemberExpelled>, IConsumer<MemberCredentialRevoked>
{
    public Task Consume(ConsumeContext<MemberAdmitted> context) => Set(context, context.Message.MemberId, "admitted");
    public Task Consume(ConsumeContext<MemberSuspended> context) => Set(context, context.Message.MemberId, "suspended");
    public Task Consume(ConsumeContext<MemberReinstated> context) => Set(context, context.Message.MemberId, "admitted");
    public Task Consume(ConsumeContext<MemberWithdrew> context) => Set(context, context.Message.MemberId, "withdrawn");
    public Task Consume(ConsumeContext<MemberExpelled> context) => Set(context, context.Message.MemberId, "expelled");

    public Task Consume(ConsumeContext<MemberCredentialRevoked> context) =>
        processed.Once(context, "member-standing", (db, tx) => RevokedClients.Record(db, tx, context.Message));

    private Task Set<T>(ConsumeContext<T> context, Guid memberId, string status) where T : class =>
        processed.Once(context, "member-standing", (db, tx) => db.ExecuteAsync("""
            insert into member_status (member_id, status, version) values (@memberId, @status, coalesce(@version, 0))
            on conflict (member_id) do update set status = excluded.status, version = coalesce(@version, member_status.version + 1), updated_at = now()
            where @version is null or member_status.version < @version
            """, OneMembershipTable.Args(context, new { memberId, status }), tx));
}
