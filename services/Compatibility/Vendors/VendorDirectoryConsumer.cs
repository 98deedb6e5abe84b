using Alliance.Contracts.Registry;
using Alliance.Hosting;
using Alliance.Membership;
using Dapper;
using MassTransit;

namespace Alliance.Compatibility.Vendors;

/// <summary>
/// The vendor directory, Compatibility's one copy of the membership: members that may own products, their standing
/// (which also refuses their tokens, VendorTokenStanding) and the revoked clients. Fed by Registry's messages,
/// exactly once per message id; Compatibility never reads Registry's database. Messages of one member may arrive out
/// of order: the stream version (es-version) decides which standing is newer, and a standing may arrive before the
/// admission (the row then waits for its admitted_at).
/// </summary>
public sealed class VendorDirectoryConsumer(ProcessedMessages processed, Certifications.MatrixEviction eviction) : IConsumer<MemberAdmitted>, IConsumer<MemberRenamed>,
    IConsumer<MemberSuspended>, IConsumer<MemberReinstated>, IConsumer<MemberWithdrew>, IConsumer<MemberExpelled>, IConsumer<MemberCredentialRevoked>
{
    public static readonly ReadModelSchema Schema = new("vendors", """
        create table if not exists vendors (
            member_id uuid primary key,
            name text not null,
            kind text not null,
            country text not null,
            tier text not null,
            status text not null,
            admitted_at timestamptz not null,
            updated_at timestamptz not null);
        create index if not exists vendors_name on vendors (name, member_id);
        create table if not exists vendor_suspensions (
            member_id uuid not null,
            suspended_from timestamptz not null,
            suspended_to timestamptz,
            primary key (member_id, suspended_from));
        alter table vendors add column if not exists left_at timestamptz;
        """ + OneMembershipTable.CarryOverStanding("vendors"));

    // The newer standing wins; a standing that arrives first creates the row, whose admission fills admitted_at later.
    private const string Standing = """
        insert into vendors (member_id, name, kind, country, tier, status, admitted_at, updated_at, left_at, version)
        values (@MemberId, @Name, @Kind, @Country, @Tier, @status, null, @at, @leftAt, coalesce(@version, 0))
        on conflict (member_id) do update set status = excluded.status, updated_at = excluded.updated_at,
            left_at = coalesce(excluded.left_at, vendors.left_at), version = coalesce(@version, vendors.version + 1)
        where @version is null or vendors.version < @version
        """;

    // The matrix shows vendors' names and suspensions, which change here without an event of this service: the
    // cached lookups are evicted after each change, as after each event.
    private async Task Changed<T>(ConsumeContext<T> context, Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, Task> apply) where T : class
    {
        await processed.Once(context, "vendor-directory", apply);
        await eviction.Evict();
    }

    public Task Consume(ConsumeContext<MemberAdmitted> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync("""
            insert into vendors (member_id, name, kind, country, tier, status, admitted_at, updated_at, version)
            values (@MemberId, @Name, @Kind, @Country, @Tier, 'admitted', @AdmittedAt, @AdmittedAt, coalesce(@version, 0))
            on conflict (member_id) do update set name = excluded.name, kind = excluded.kind, country = excluded.country,
                tier = excluded.tier, admitted_at = excluded.admitted_at, updated_at = excluded.updated_at,
                status = case when @version is null or vendors.version < @version then 'admitted' else vendors.status end,
                left_at = case when @version is null or vendors.version < @version then null else vendors.left_at end,
                version = greatest(vendors.version, coalesce(@version, vendors.version + 1))
            """, OneMembershipTable.Args(context, context.Message), tx));

    public Task Consume(ConsumeContext<MemberRenamed> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync(
            "update vendors set name = @Name, updated_at = @RenamedAt where member_id = @MemberId", context.Message, tx));

    // Suspensions are kept as intervals, so the matrix shows a suspended vendor's certifications as suspended
    // for exactly that time, and as certified again once it is reinstated.
    public Task Consume(ConsumeContext<MemberSuspended> context) =>
        Changed(context, async (db, tx) =>
        {
            var m = context.Message;
            await SetStanding(db, tx, context, "suspended", m.SuspendedAt, leftAt: null);
            await db.ExecuteAsync("insert into vendor_suspensions (member_id, suspended_from) values (@MemberId, @SuspendedAt) on conflict do nothing", m, tx);
        });

    public Task Consume(ConsumeContext<MemberReinstated> context) =>
        Changed(context, async (db, tx) =>
        {
            var m = context.Message;
            await SetStanding(db, tx, context, "admitted", m.ReinstatedAt, leftAt: null);
            await db.ExecuteAsync("update vendor_suspensions set suspended_to = @ReinstatedAt where member_id = @MemberId and suspended_to is null", m, tx);
        });

    public Task Consume(ConsumeContext<MemberWithdrew> context) =>
        Changed(context, (db, tx) => SetStanding(db, tx, context, "withdrawn", context.Message.WithdrewAt, context.Message.WithdrewAt));

    public Task Consume(ConsumeContext<MemberExpelled> context) =>
        Changed(context, (db, tx) => SetStanding(db, tx, context, "expelled", context.Message.ExpelledAt, context.Message.ExpelledAt));

    public Task Consume(ConsumeContext<MemberCredentialRevoked> context) =>
        processed.Once(context, "vendor-directory", (db, tx) => RevokedClients.Record(db, tx, context.Message));

    private static Task SetStanding<T>(Npgsql.NpgsqlConnection db, Npgsql.NpgsqlTransaction tx, ConsumeContext<T> context, string status,
        DateTimeOffset at, DateTimeOffset? leftAt) where T : class =>
        db.ExecuteAsync(Standing, OneMembershipTable.Args(context, context.Message, new { status, at, leftAt }), tx);
}
