using Alliance.Contracts.Registry;
using Alliance.Governance.Committees;
using Alliance.Hosting;
using Dapper;
using Marten;
using MassTransit;

namespace Alliance.Governance.Electorate;

/// <summary>
/// Keeps Governance's copy of the membership that matters for voting: who is admitted and whether the
/// tier may vote (observers may not). Idempotent by message id.
/// </summary>
public sealed class ElectorateConsumer(ProcessedMessages processed, IDocumentStore store) : IConsumer<MemberAdmitted>, IConsumer<MemberTierChanged>, IConsumer<MemberRenamed>
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
            admitted_at timestamptz not null,
            updated_at timestamptz not null);
        create index if not exists electorate_name on electorate (name, member_id);
        """);

    public Task Consume(ConsumeContext<MemberAdmitted> context) =>
        processed.Once(context, "electorate", (db, tx) => db.ExecuteAsync("""
            insert into electorate (member_id, name, kind, country, tier, status, may_vote, admitted_at, updated_at)
            values (@MemberId, @Name, @Kind, @Country, @Tier, 'admitted', @Tier <> 'observer', @AdmittedAt, @AdmittedAt)
            on conflict (member_id) do update set name = excluded.name, kind = excluded.kind, country = excluded.country,
                tier = excluded.tier, status = 'admitted', may_vote = excluded.may_vote, updated_at = excluded.updated_at
            """, context.Message, tx));

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
}
