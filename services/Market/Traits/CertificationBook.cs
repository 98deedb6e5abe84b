using Alliance.Contracts.Compatibility;
using Alliance.Hosting;
using Dapper;
using MassTransit;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// The market's own copy of the certifications that matter to it, from Compatibility's CertificationStatusChanged messages
/// (never from its database): every change is kept, so a trait can be computed for any instant (the census's asOf).
/// Messages of one certification may arrive out of order; the certification stream's version (es-version) orders them.
/// When a certification stops being in force, every lease that required its trait and no longer has it is at risk.
/// </summary>
public sealed class CertificationBook(ProcessedMessages processed, Marten.IDocumentStore store, TimeProvider clock) : IConsumer<CertificationStatusChanged>
{
    public static readonly ReadModelSchema Schema = new("certification_changes", """
        create table if not exists certification_changes (
            certification_id uuid not null,
            version bigint not null,
            product_id uuid not null,
            standard_code text not null,
            standard_version text not null,
            status text not null,
            valid_from timestamptz,
            valid_until timestamptz,
            changed_at timestamptz not null,
            primary key (certification_id, version));
        create index if not exists certification_changes_product on certification_changes (product_id);
        create table if not exists products (
            product_id uuid primary key,
            name text not null,
            type text not null,
            vendor_id uuid not null);
        """);

    public async Task Consume(ConsumeContext<CertificationStatusChanged> context)
    {
        var m = context.Message;
        // Without a stream version (a message not sent by the forwarder) the order of arrival is the order.
        var streamVersion = context.Headers.Get<long>("es-version");
        await processed.Once(context, "certification-book", async (db, tx) =>
        {
            await db.ExecuteAsync("""
                insert into certification_changes (certification_id, version, product_id, standard_code, standard_version, status, valid_from, valid_until, changed_at)
                values (@CertificationId, coalesce(@streamVersion, (select coalesce(max(version), 0) + 1 from certification_changes where certification_id = @CertificationId)),
                        @ProductId, @StandardCode, @Version, @Status, @ValidFrom, @ValidUntil, @ChangedAt)
                on conflict do nothing
                """, new { m.CertificationId, streamVersion, m.ProductId, m.StandardCode, m.Version, m.Status, m.ValidFrom, m.ValidUntil, m.ChangedAt }, tx);
            await db.ExecuteAsync("""
                insert into products (product_id, name, type, vendor_id) values (@ProductId, @ProductName, @ProductType, @VendorId)
                on conflict (product_id) do update set name = excluded.name, type = excluded.type, vendor_id = excluded.vendor_id
                """, m, tx);
            if (m.Status != "certified") await LeasesAtRisk.Raise(store, db, tx, context, m, clock.GetUtcNow());
            // With the change, in its transaction: every Market instance's cached book is stale from this commit on.
            await db.ExecuteAsync(TraitBookCache.Bump, transaction: tx);
        });
    }
}
