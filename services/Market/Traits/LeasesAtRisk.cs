using Alliance.Contracts.Compatibility;
using Alliance.Hosting;
using Alliance.Market.Sites;
using Dapper;
using Marten;
using MassTransit;
using Npgsql;

namespace Alliance.Market.Traits;

/// <summary>
/// A certification ended: every active lease whose request required its trait, on capacity that no longer has that trait
/// (no other certification of the product or of the site's systems gives it), is at risk. LeaseAtRisk goes on the site's
/// stream, in the consumer's transaction, once per lease and trait; it names both sides, so each can be told.
/// </summary>
public static class LeasesAtRisk
{
    public static async Task Raise(IDocumentStore store, NpgsqlConnection db, NpgsqlTransaction tx, ConsumeContext<CertificationStatusChanged> context,
        CertificationStatusChanged ended, DateTimeOffset now)
    {
        var trait = TraitBook.CertTrait(ended.StandardCode, ended.Version);
        var leases = (await db.QueryAsync<(Guid LeaseId, Guid SiteId, Guid RequestId, Guid Provider, Guid Requester, string ResourceClass, Guid[] Systems)>("""
            select l.lease_id, l.site_id, l.request_id, l.provider_member_id, l.requester_member_id, l.resource_class, s.system_product_ids
              from leases l join requests r on r.request_id = l.request_id join sites s on s.site_id = l.site_id
             where l.closed_at is null and @trait = any (r.required_traits) and not (@trait = any (l.at_risk_traits))
               and (l.resource_class = @cls or @product = any (s.system_product_ids))
            """, new { trait, cls = ResourceClasses.AcceleratorPrefix + ended.ProductId.ToString("D"), product = ended.ProductId }, tx)).ToList();
        if (leases.Count == 0) return;
        var book = await TraitBook.Load(db, now, context.CancellationToken, tx);
        await using var session = ProcessedMessages.Session(store, tx, context, "compatibility");
        foreach (var l in leases.Where(l => !book.Of(l.ResourceClass, l.Systems).Contains(trait)))
            session.Events.Append(l.SiteId, new LeaseAtRisk(l.LeaseId, l.SiteId, l.RequestId, l.Provider, l.Requester, trait, ended.CertificationId, ended.Status, now));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
