using System.Text.Json;
using Alliance.Hosting;
using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Alliance.Market;

/// <summary>
/// The market's tables, inline with its events. Inventories and leases keep their time intervals (valid_from/valid_to,
/// created_at/closed_at), so the census answers for any instant; offers, requests and leases are what matching reads.
/// </summary>
public sealed partial class MarketProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("market", """
        create table if not exists sites (
            site_id uuid primary key,
            member_id uuid not null,
            name text not null,
            region text not null,
            operator text not null,
            energy_source text,
            pue numeric,
            registered_at timestamptz not null,
            system_product_ids uuid[] not null default '{}');
        create index if not exists sites_member on sites (member_id);
        create table if not exists inventory_history (
            id bigserial primary key,
            site_id uuid not null,
            resource_class text not null,
            total bigint not null,
            reserved bigint not null,
            min_unit bigint not null,
            max_unit bigint not null,
            step_size bigint not null,
            valid_from timestamptz not null,
            valid_to timestamptz);
        create index if not exists inventory_current on inventory_history (site_id, resource_class) where valid_to is null;
        create index if not exists inventory_asof on inventory_history (valid_from, valid_to);
        create table if not exists offers (
            offer_id uuid primary key,
            site_id uuid not null,
            member_id uuid not null,
            region text not null,
            resource_class text not null,
            units bigint not null,
            price numeric not null,
            currency text not null,
            starts_at timestamptz not null,
            ends_at timestamptz not null,
            status text not null,
            published_at timestamptz not null,
            changed_at timestamptz not null);
        create index if not exists offers_status on offers (status, ends_at);
        -- Candidate lists read the open offers of one class (or every ACCELERATOR:… class: a prefix, hence text_pattern_ops).
        create index if not exists offers_open_class on offers (resource_class text_pattern_ops) where status = 'open';
        create table if not exists requests (
            request_id uuid primary key,
            member_id uuid not null,
            resource_class text not null,
            units bigint not null,
            required_traits text[] not null,
            max_price numeric not null,
            currency text not null,
            starts_at timestamptz not null,
            ends_at timestamptz not null,
            regions text[] not null,
            status text not null,
            lease_id uuid,
            opened_at timestamptz not null,
            changed_at timestamptz not null);
        alter table requests add column if not exists minimum_scores jsonb not null default '[]';
        create index if not exists requests_member on requests (member_id, opened_at);
        create index if not exists requests_status on requests (status, ends_at);
        create table if not exists leases (
            lease_id uuid primary key,
            site_id uuid not null,
            offer_id uuid not null,
            request_id uuid not null,
            provider_member_id uuid not null,
            requester_member_id uuid not null,
            resource_class text not null,
            units bigint not null,
            price numeric not null,
            currency text not null,
            starts_at timestamptz not null,
            ends_at timestamptz not null,
            created_at timestamptz not null,
            closed_at timestamptz,
            close_reason text,
            usage_unit_hours numeric,
            at_risk_traits text[] not null default '{}');
        create index if not exists leases_active on leases (site_id, resource_class) where closed_at is null;
        create index if not exists leases_ends on leases (ends_at) where closed_at is null;
        create index if not exists leases_active_offer on leases (offer_id) where closed_at is null;
        """);

    private static object Db(object? value) => value ?? DBNull.Value;

    public void Project(IEvent<SiteRegistered> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("insert into sites (site_id, member_id, name, region, operator, energy_source, pue, registered_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            e.Data.SiteId, e.Data.MemberId, e.Data.Name, e.Data.Region, e.Data.Operator, Db(e.Data.EnergySource), Db(e.Data.Pue), e.Data.RegisteredAt);

    public void Project(IEvent<InventorySet> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("update inventory_history set valid_to = ? where site_id = ? and valid_to is null", e.Data.SetAt, e.Data.SiteId);
        foreach (var i in e.Data.Inventories)
            ops.QueueSqlCommand("""
                insert into inventory_history (site_id, resource_class, total, reserved, min_unit, max_unit, step_size, valid_from) values (?, ?, ?, ?, ?, ?, ?, ?)
                """, e.Data.SiteId, i.ResourceClass, i.Total, i.Reserved, i.MinUnit, i.MaxUnit, i.StepSize, e.Data.SetAt);
        ops.QueueSqlCommand("update sites set system_product_ids = ?::uuid[] where site_id = ?", e.Data.SystemProductIds, e.Data.SiteId);
    }

    public void Project(IEvent<OfferPublished> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into offers (offer_id, site_id, member_id, region, resource_class, units, price, currency, starts_at, ends_at, status, published_at, changed_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
            """, e.Data.OfferId, e.Data.SiteId, e.Data.MemberId, e.Data.Region, e.Data.ResourceClass, e.Data.Units, e.Data.PricePerUnitHour, e.Data.Currency,
            e.Data.StartsAt, e.Data.EndsAt, e.Data.PublishedAt, e.Data.PublishedAt);

    private static void OfferStatus(IDocumentOperations ops, Guid offer, string status, DateTimeOffset at) =>
        ops.QueueSqlCommand("update offers set status = ?, changed_at = ? where offer_id = ?", status, at, offer);

    public void Project(IEvent<OfferMatched> e, IDocumentOperations ops) => OfferStatus(ops, e.StreamId, "matched", e.Data.MatchedAt);
    public void Project(IEvent<OfferClosed> e, IDocumentOperations ops) => OfferStatus(ops, e.StreamId, "closed", e.Data.ClosedAt);
    public void Project(IEvent<OfferWithdrawn> e, IDocumentOperations ops) => OfferStatus(ops, e.StreamId, "withdrawn", e.Data.WithdrawnAt);
    public void Project(IEvent<OfferExpired> e, IDocumentOperations ops) => OfferStatus(ops, e.StreamId, "expired", e.Data.ExpiredAt);

    public void Project(IEvent<RequestOpened> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into requests (request_id, member_id, resource_class, units, required_traits, max_price, currency, starts_at, ends_at, regions, status, opened_at, changed_at,
                                  minimum_scores)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?::jsonb)
            """, e.Data.RequestId, e.Data.MemberId, e.Data.ResourceClass, e.Data.Units, e.Data.RequiredTraits, e.Data.MaxPricePerUnitHour, e.Data.Currency,
            e.Data.StartsAt, e.Data.EndsAt, e.Data.Regions, e.Data.OpenedAt, e.Data.OpenedAt,
            JsonSerializer.Serialize(e.Data.MinimumScores ?? [], JsonSerializerOptions.Web));

    private static void RequestStatus(IDocumentOperations ops, Guid request, string status, DateTimeOffset at) =>
        ops.QueueSqlCommand("update requests set status = ?, changed_at = ? where request_id = ?", status, at, request);

    public void Project(IEvent<RequestMatched> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update requests set status = 'matched', lease_id = ?, changed_at = ? where request_id = ?", e.Data.LeaseId, e.Data.MatchedAt, e.StreamId);
    public void Project(IEvent<RequestClosed> e, IDocumentOperations ops) => RequestStatus(ops, e.StreamId, "closed", e.Data.ClosedAt);
    public void Project(IEvent<RequestWithdrawn> e, IDocumentOperations ops) => RequestStatus(ops, e.StreamId, "withdrawn", e.Data.WithdrawnAt);
    public void Project(IEvent<RequestExpired> e, IDocumentOperations ops) => RequestStatus(ops, e.StreamId, "expired", e.Data.ExpiredAt);

    public void Project(IEvent<LeaseCreated> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("""
            insert into leases (lease_id, site_id, offer_id, request_id, provider_member_id, requester_member_id, resource_class, units, price, currency,
                                starts_at, ends_at, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, e.Data.LeaseId, e.Data.SiteId, e.Data.OfferId, e.Data.RequestId, e.Data.ProviderMemberId, e.Data.RequesterMemberId, e.Data.ResourceClass,
            e.Data.Units, e.Data.PricePerUnitHour, e.Data.Currency, e.Data.StartsAt, e.Data.EndsAt, e.Data.CreatedAt);

    public void Project(IEvent<LeaseClosed> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update leases set closed_at = ?, close_reason = ?, usage_unit_hours = ? where lease_id = ?",
            e.Data.ClosedAt, e.Data.Reason, e.Data.UsageUnitHours, e.Data.LeaseId);

    public void Project(IEvent<LeaseAtRisk> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update leases set at_risk_traits = array_append(at_risk_traits, ?) where lease_id = ?", e.Data.Trait, e.Data.LeaseId);
}
