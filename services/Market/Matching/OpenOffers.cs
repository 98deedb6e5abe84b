using Alliance.Market.Traits;
using Dapper;
using Npgsql;

namespace Alliance.Market.Matching;

/// <summary>Every open offer as matching sees it, from the read model: one query for the offers and their sites' capacity, traits and scores from the book.</summary>
public static class OpenOffers
{
    public static async Task<List<OfferView>> Load(NpgsqlConnection db, TraitBook traits, CancellationToken ct)
    {
        var rows = await db.QueryAsync<OfferRow>(new CommandDefinition("""
            with by_class as (select site_id, resource_class, sum(units) as units from leases where closed_at is null group by site_id, resource_class),
                 by_offer as (select offer_id, sum(units) as units from leases where closed_at is null group by offer_id)
            select o.offer_id as OfferId, o.site_id as SiteId, o.member_id as MemberId, o.region as Region, o.resource_class as ResourceClass,
                   o.units as Units, o.price as Price, o.currency as Currency, o.starts_at as StartsAt, o.ends_at as EndsAt,
                   i.total as Total, i.reserved as Reserved, i.min_unit as MinUnit, i.max_unit as MaxUnit, i.step_size as StepSize,
                   coalesce(c.units, 0)::bigint as LeasedOfClass, coalesce(f.units, 0)::bigint as LeasedFromOffer, s.system_product_ids as SystemProductIds
              from offers o
              join sites s on s.site_id = o.site_id
              left join inventory_history i on i.site_id = o.site_id and i.resource_class = o.resource_class and i.valid_to is null
              left join by_class c on c.site_id = o.site_id and c.resource_class = o.resource_class
              left join by_offer f on f.offer_id = o.offer_id
             where o.status = 'open'
            """, cancellationToken: ct));
        return rows.Select(r => r.View(traits)).ToList();
    }
}
