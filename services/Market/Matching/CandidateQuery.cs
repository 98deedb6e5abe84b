using Alliance.Market.Sites;
using Alliance.Market.Traits;
using Dapper;
using Npgsql;

namespace Alliance.Market.Matching;

/// <summary>
/// Matching in the database first (issue 23): one statement reads the open offers of the wanted class once and answers
/// (a) every open offer's count, (b) per group of offers that share their class and site systems (so their traits and
/// scores) how many fail each filter that does not depend on traits, and (c) the rows of the offers that pass every
/// filter: class, currency, price, window from now on, free capacity, unit rules, each required trait (its products
/// from the trait book) and a product that meets each minimum score. The Matcher then decides on those rows exactly as
/// on every offer (a minimum score is met by the offer's best score, which the database's test only approximates from
/// above) and turns the groups into the same "why nothing matches" counts as <see cref="Matcher.Match"/> gives from
/// every offer.
/// </summary>
public static class CandidateQuery
{
    // An offer's columns (OfferRow) and, for the counting rows, the number failing each filter.
    private sealed class Row : OfferRow
    {
        public string Kind { get; set; } = "";
        public long Offers { get; set; }
        public long Capacity { get; set; }
        public long UnitRules { get; set; }
        public long OtherCurrency { get; set; }
        public long OverPrice { get; set; }
        public long Window { get; set; }
    }

    // The offers of the class with what matching needs of each; the filters that do not depend on traits as columns, each
    // as the Matcher says it (OfferView.FreeUnits, Inventory.AllowsAmount, Matcher.Overlap). The open leases are summed
    // once per site and class and once per offer, then joined: a subquery per offer cost 8 of the statement's 22 ms at
    // 5,000 offers of a class (EXPLAIN ANALYZE, docs/benchmarks.md).
    private const string Judged = """
        with by_class as (select site_id, resource_class, sum(units) as units from leases where closed_at is null group by site_id, resource_class),
             by_offer as (select offer_id, sum(units) as units from leases where closed_at is null group by offer_id),
        of_class as (
            select o.offer_id, o.site_id, o.member_id, o.region, o.resource_class, o.units, o.price, o.currency, o.starts_at, o.ends_at,
                   s.system_product_ids, i.total, i.reserved, i.min_unit, i.max_unit, i.step_size,
                   coalesce(c.units, 0)::bigint as leased_of_class, coalesce(f.units, 0)::bigint as leased_from_offer
              from offers o
              join sites s on s.site_id = o.site_id
              left join inventory_history i on i.site_id = o.site_id and i.resource_class = o.resource_class and i.valid_to is null
              left join by_class c on c.site_id = o.site_id and c.resource_class = o.resource_class
              left join by_offer f on f.offer_id = o.offer_id
             where o.status = 'open' and (o.resource_class = @cls or (@anyAccelerator and o.resource_class like 'ACCELERATOR:%'))),
        judged as (
            select of_class.*,
                   case when total is null then 0 else greatest(0, least(total - reserved - leased_of_class, units - leased_from_offer)) end < @units as short,
                   not coalesce(@units >= min_unit and @units <= max_unit and @units % step_size = 0, false) as disallowed,
                   currency <> @currency as other_currency,
                   currency = @currency and price > @maxPrice as over_price,
                   least(ends_at, @endsAt) <= greatest(starts_at, @startsAt, @now) as outside
              from of_class)
        """;

    private const string Counts = """
        select 'all' as Kind, null::text as ResourceClass, '{}'::uuid[] as SystemProductIds, (select count(*) from offers where status = 'open') as Offers,
               0::bigint as Capacity, 0::bigint as UnitRules, 0::bigint as OtherCurrency, 0::bigint as OverPrice, 0::bigint as Window,
               null::uuid as OfferId, null::uuid as SiteId, null::uuid as MemberId, null::text as Region, null::bigint as Units, null::numeric as Price,
               null::text as Currency, null::timestamptz as StartsAt, null::timestamptz as EndsAt, null::bigint as Total, null::bigint as Reserved,
               null::bigint as MinUnit, null::bigint as MaxUnit, null::bigint as StepSize, null::bigint as LeasedOfClass, null::bigint as LeasedFromOffer
        union all
        select 'group', resource_class, system_product_ids, count(*), count(*) filter (where short), count(*) filter (where disallowed),
               count(*) filter (where other_currency), count(*) filter (where over_price), count(*) filter (where outside),
               null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null
          from judged group by resource_class, system_product_ids
        union all
        select 'offer', resource_class, system_product_ids, 0, 0, 0, 0, 0, 0,
               offer_id, site_id, member_id, region, units, price, currency, starts_at, ends_at, total, reserved, min_unit, max_unit, step_size,
               leased_of_class, leased_from_offer
          from judged
         where not (short or disallowed or other_currency or over_price or outside)
        """;

    /// <summary>What the Matcher answers for the request over every open offer, from the offers that can match and the counts of the rest.</summary>
    public static async Task<MatchResult> Match(NpgsqlConnection db, TraitBook book, Want want, DateTimeOffset now, CancellationToken ct)
    {
        var args = new DynamicParameters(new
        {
            cls = want.ResourceClass,
            anyAccelerator = want.ResourceClass == ResourceClasses.AnyAccelerator,
            units = want.Units,
            currency = want.Currency,
            maxPrice = want.MaxPricePerUnitHour,
            startsAt = want.StartsAt,
            endsAt = want.EndsAt,
            now,
        });
        // One condition per required trait and per minimum score: the capacity has it when its accelerator product or one
        // of its site's systems has it (TraitBook.Of). Only parameter names are spliced into the text, never a value.
        var conditions = new List<string>();
        void Having(IReadOnlyCollection<Guid> products)
        {
            var n = conditions.Count;
            args.Add($"classes{n}", products.Select(p => ResourceClasses.AcceleratorPrefix + p.ToString("D")).ToArray());
            args.Add($"products{n}", products.ToArray());
            conditions.Add($"(resource_class = any(@classes{n}) or system_product_ids && @products{n})");
        }
        foreach (var trait in want.AllRequiredTraits) Having(book.ProductsWith(trait));
        foreach (var minimum in want.Minimums) Having(book.ProductsMeeting(minimum));
        var sql = Judged + Counts + string.Concat(conditions.Select(c => "\n   and " + c));

        var rows = (await db.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        var considered = (int)rows.Single(r => r.Kind == "all").Offers;
        // In a fixed order: the first group failing a score names its unit and direction (Matcher.Removals).
        var tallies = rows.Where(r => r.Kind == "group")
            .OrderBy(r => r.ResourceClass, StringComparer.Ordinal).ThenBy(r => string.Join(",", r.SystemProductIds), StringComparer.Ordinal)
            .Select(r =>
            {
                var (traits, scores) = book.Capacity(r.ResourceClass!, r.SystemProductIds);
                return new Tally(traits, scores, (int)r.Offers, (int)r.Capacity, (int)r.UnitRules, (int)r.OtherCurrency, (int)r.OverPrice, (int)r.Window);
            })
            .ToList();
        var offers = rows.Where(r => r.Kind == "offer").Select(r => r.View(book));
        return new MatchResult(Matcher.Rank(want, offers, now), Matcher.Removals(want, considered, tallies), considered);
    }

    /// <summary>
    /// An instant as PostgreSQL keeps it (whole microseconds). The database compares the request's window and the
    /// clock at that precision, so the Matcher is given the same instants and both always agree at a boundary.
    /// </summary>
    public static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);
}
