using Alliance.Contracts.Registry;
using Alliance.Hosting;
using Dapper;
using MassTransit;

namespace Alliance.Compatibility.Vendors;

/// <summary>
/// The vendor directory: members that may own products. Fed by Registry's messages, idempotent by
/// message id; Compatibility never reads Registry's database.
/// </summary>
public sealed class VendorDirectoryConsumer(ProcessedMessages processed, Certifications.MatrixEviction eviction) : IConsumer<MemberAdmitted>, IConsumer<MemberRenamed>,
    IConsumer<MemberSuspended>, IConsumer<MemberReinstated>, IConsumer<MemberWithdrew>, IConsumer<MemberExpelled>
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
        """);

    // The matrix shows vendors' names and suspensions, which change here without an event of this service: the
    // cached lookups are evicted after each change, as after each event.
    private async Task Changed<T>(ConsumeContext<T> context, Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, Task> apply) where T : class
    {
        await processed.Once(context, "vendor-directory", apply);
        await eviction.Evict();
    }

    public Task Consume(ConsumeContext<MemberAdmitted> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync("""
            insert into vendors (member_id, name, kind, country, tier, status, admitted_at, updated_at)
            values (@MemberId, @Name, @Kind, @Country, @Tier, 'admitted', @AdmittedAt, @AdmittedAt)
            on conflict (member_id) do update set name = excluded.name, kind = excluded.kind, country = excluded.country,
                tier = excluded.tier, status = 'admitted', updated_at = excluded.updated_at, left_at = null
            """, context.Message, tx));

    public Task Consume(ConsumeContext<MemberRenamed> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync(
            "update vendors set name = @Name, updated_at = @RenamedAt where member_id = @MemberId", context.Message, tx));

    // Suspensions are kept as intervals, so the matrix shows a suspended vendor's certifications as suspended
    // for exactly that time, and as certified again once it is reinstated.
    public Task Consume(ConsumeContext<MemberSuspended> context) =>
        Changed(context, async (db, tx) =>
        {
            await db.ExecuteAsync("update vendors set status = 'suspended', updated_at = @SuspendedAt where member_id = @MemberId", context.Message, tx);
            await db.ExecuteAsync("insert into vendor_suspensions (member_id, suspended_from) values (@MemberId, @SuspendedAt) on conflict do nothing", context.Message, tx);
        });

    public Task Consume(ConsumeContext<MemberReinstated> context) =>
        Changed(context, async (db, tx) =>
        {
            await db.ExecuteAsync("update vendors set status = 'admitted', updated_at = @ReinstatedAt where member_id = @MemberId", context.Message, tx);
            await db.ExecuteAsync("update vendor_suspensions set suspended_to = @ReinstatedAt where member_id = @MemberId and suspended_to is null", context.Message, tx);
        });

    public Task Consume(ConsumeContext<MemberWithdrew> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync(
            "update vendors set status = 'withdrawn', updated_at = @WithdrewAt, left_at = @WithdrewAt where member_id = @MemberId", context.Message, tx));

    public Task Consume(ConsumeContext<MemberExpelled> context) =>
        Changed(context, (db, tx) => db.ExecuteAsync(
            "update vendors set status = 'expelled', updated_at = @ExpelledAt, left_at = @ExpelledAt where member_id = @MemberId", context.Message, tx));
}
