using Alliance.Contracts.Registry;
using Alliance.Governance.Committees;
using Alliance.Hosting;
using Alliance.Membership;
using Dapper;
using Marten;
using MassTransit;

namespace Alliance.Governance.Electorate;

/// <summary>
/// Governance's one copy of the membership, from Registry's messages: who is a member, whether its tier may vote
/// (observers may not) and its standing (suspended, withdrawn, expelled members neither vote nor act), plus the
/// revoked clients. Exactly once per message id. Messages of one member may arrive out of order: the stream version
/// (es-version) decides which standing is newer, and a standing may arrive before the admission (the row then waits
/// for its admitted_at).
/// </summary>
public sealed class ElectorateConsumer(ProcessedMessages processed, IDocumentStore store) :
    IConsumer<MemberAdmitted>, IConsumer<MemberTierChanged>, IConsumer<MemberRenamed>,
    IConsumer<MemberSuspended>, IConsumer<MemberReinstated>, IConsumer<MemberWithdrew>, IConsumer<MemberExpelled>,
    IConsumer<MemberCredentialRevoked>
{
    public static readonly ReadModelSchema Schema = new("electorate", """
        create table if not exists electorate (
            member_id uuid primary key,
            name text not null,
            kind text not null,
            country text not null,
            tier text not null,
            status text not null,
            may_vote boolean not null,
            admitted_at timestamptz,
            updated_at timestamptz not null,
            version bigint not null default 0);
        create index if not exists electorate_name on electorate (name, member_id);
        """ + OneMembershipTable.CarryOverStanding("electorate"));

    private const string Standing = """
        insert into electorate (member_id, name, kind, country, tier, status, may_vote, admitted_at, updated_at, version)
        values (@MemberId, @Name, @Kind, @Country, @Tier, @status, @Tier <> 'observer', null, now(), coalesce(@version, 0))
        on conflict (member_id) do update set status = excluded.status, version = coalesce(@version, electorate.version + 1), updated_at = now()
        where @version is null or electorate.version < @version
        """;

    public Task Consume(ConsumeContext<MemberAdmitted> context) =>
        processed.Once(context, "electorate", (db, tx) => db.ExecuteAsync("""
            insert into electorate (member_id, name, kind, country, tier, status, may_vote, admitted_at, updated_at, version)
            values (@MemberId, @Name, @Kind, @Country, @Tier, 'admitted', @Tier <> 'observer', @AdmittedAt, @AdmittedAt, coalesce(@version, 0))
            on conflict (member_id) do update set name = excluded.name, kind = excluded.kind, country = excluded.country,
                tier = excluded.tier, may_vote = excluded.may_vote, admitted_at = excluded.admitted_at, updated_at = excluded.updated_at,
                status = case when @version is null or electorate.version < @version then 'admitted' else electorate.status end,
                version = greatest(electorate.version, coalesce(@version, electorate.version + 1))
            """, OneMembershipTable.Args(context, context.Message), tx));

    // A tier change decides whether the member may hold a voting seat (an observer's seats become observer
    // seats at once); a rename keeps the electorate readable.
    public Task Consume(ConsumeContext<MemberTierChanged> context) =>
        processed.Once(context, "electorate", async (db, tx) =>
        {
            await db.ExecuteAsync(
                "update electorate set tier = @Tier, may_vote = @Tier <> 'observer', updated_at = @ChangedAt where member_id = @MemberId", context.Message, tx);
            await ObserverSeats.Follow(store, db, tx, context);
        });

    public Task Consume(ConsumeContext<MemberRenamed> context) =>
        processed.Once(context, "electorate", (db, tx) => db.ExecuteAsync(
            "update electorate set name = @Name, updated_at = @RenamedAt where member_id = @MemberId", context.Message, tx));

    public Task Consume(ConsumeContext<MemberSuspended> context) => SetStanding(context, "suspended");
    public Task Consume(ConsumeContext<MemberReinstated> context) => SetStanding(context, "admitted");
    public Task Consume(ConsumeContext<MemberWithdrew> context) => SetStanding(context, "withdrawn");
    public Task Consume(ConsumeContext<MemberExpelled> context) => SetStanding(context, "expelled");

    public Task Consume(ConsumeContext<MemberCredentialRevoked> context) =>
        processed.Once(context, "electorate", (db, tx) => RevokedClients.Record(db, tx, context.Message));

    private Task SetStanding<T>(ConsumeContext<T> context, string status) where T : class =>
        processed.Once(context, "electorate", (db, tx) => db.ExecuteAsync(Standing, OneMembershipTable.Args(context, context.Message, new { status }), tx));
}
