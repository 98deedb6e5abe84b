using Alliance.Contracts.Registry;
using Dapper;
using MassTransit;

namespace Alliance.Hosting;

/// <summary>
/// Every service keeps the standing of each member and the revoked clients from Registry's messages, so
/// it can refuse the open tokens of a suspended, withdrawn or expelled member whoever issued them.
/// Messages of one member may arrive out of order; the stream version (es-version) decides which is newer.
/// </summary>
public sealed class MemberStandingConsumer(ProcessedMessages processed) :
    IConsumer<MemberAdmitted>, IConsumer<MemberSuspended>, IConsumer<MemberReinstated>,
    IConsumer<MemberWithdrew>, IConsumer<MemberExpelled>, IConsumer<MemberCredentialRevoked>
{
    internal const string Schema = """
        create table if not exists member_status (
            member_id uuid primary key,
            status text not null,
            version bigint not null,
            updated_at timestamptz not null default now());
        create table if not exists revoked_clients (
            client_id text primary key,
            member_id uuid not null,
            revoked_at timestamptz not null);
        """;

    public Task Consume(ConsumeContext<MemberAdmitted> context) => Set(context, context.Message.MemberId, "admitted");
    public Task Consume(ConsumeContext<MemberSuspended> context) => Set(context, context.Message.MemberId, "suspended");
    public Task Consume(ConsumeContext<MemberReinstated> context) => Set(context, context.Message.MemberId, "admitted");
    public Task Consume(ConsumeContext<MemberWithdrew> context) => Set(context, context.Message.MemberId, "withdrawn");
    public Task Consume(ConsumeContext<MemberExpelled> context) => Set(context, context.Message.MemberId, "expelled");

    public Task Consume(ConsumeContext<MemberCredentialRevoked> context) =>
        processed.Once(context, "member-standing", (db, tx) => db.ExecuteAsync(
            "insert into revoked_clients (client_id, member_id, revoked_at) values (@ClientId, @MemberId, @RevokedAt) on conflict do nothing",
            context.Message, tx));

    private Task Set<T>(ConsumeContext<T> context, Guid memberId, string status) where T : class =>
        processed.Once(context, "member-standing", (db, tx) => db.ExecuteAsync("""
            insert into member_status (member_id, status, version) values (@memberId, @status, coalesce(@version, 0))
            on conflict (member_id) do update set status = excluded.status, version = coalesce(@version, member_status.version + 1), updated_at = now()
            where @version is null or member_status.version < @version
            """, new { memberId, status, version = context.Headers.Get<long>("es-version") }, tx));
}
