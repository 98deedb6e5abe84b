using Alliance.Hosting;

namespace Alliance.Market.Sites;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class SiteEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<SiteRegistered>("site_registered", e => e.RegisteredAt)
        .Add<InventorySet>("inventory_set", e => e.SetAt)
        .Add<LeaseCreated>("lease_created", e => e.CreatedAt)
        .Add<LeaseClosed>("lease_closed", e => e.ClosedAt)
        .Add<LeaseAtRisk>("lease_at_risk", e => e.At);
}

// The Site stream: a member's data centre, its inventory, and every lease of its capacity. Leases are on the site's
// stream on purpose: the stream version is the site's generation (Placement), so two leases decided on the same
// capacity cannot both be appended (docs/adr/0005-market-derived-traits-and-leases.md).

public sealed record SiteRegistered(Guid SiteId, Guid MemberId, string Name, string Region, string Operator, string? EnergySource, decimal? Pue,
    string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>Per resource class: total, reserved (kept back by the operator), and the unit rules of an allocation.</summary>
public sealed record Inventory(string ResourceClass, long Total, long Reserved, long MinUnit, long MaxUnit, long StepSize)
{
    /// <summary>What may be leased at all: total minus reserved.</summary>
    public long Capacity => Total - Reserved;

    /// <summary>Placement's unit rules: min ≤ amount ≤ max and amount a multiple of the step.</summary>
    public bool AllowsAmount(long units) => units >= MinUnit && units <= MaxUnit && units % StepSize == 0;
}

/// <summary>The whole inventory as it is from now on (a PUT replaces it); SystemProductIds: the certified systems (servers) the site runs.</summary>
public sealed record InventorySet(Guid SiteId, Inventory[] Inventories, Guid[] SystemProductIds, string SetBy, DateTimeOffset SetAt);

public sealed record LeaseCreated(Guid LeaseId, Guid SiteId, Guid OfferId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId,
    string ResourceClass, long Units, decimal PricePerUnitHour, string Currency, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Reason: window-ended, provider, requester or secretariat. UsageUnitHours is a record of use; no money moves here.</summary>
public sealed record LeaseClosed(Guid LeaseId, Guid SiteId, Guid OfferId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId, string Reason, decimal UsageUnitHours, string ClosedBy,
    DateTimeOffset ClosedAt);

/// <summary>A trait the lease's request required is gone while the lease runs (a certification revoked, expired or lapsed).</summary>
public sealed record LeaseAtRisk(Guid LeaseId, Guid SiteId, Guid RequestId, Guid ProviderMemberId, Guid RequesterMemberId, string Trait,
    Guid CertificationId, string CertificationStatus, DateTimeOffset At);

public sealed record ActiveLease(Guid LeaseId, Guid OfferId, Guid RequestId, Guid RequesterMemberId, string ResourceClass, long Units,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record Site(Guid Id, Guid MemberId, string Name, string Region, Inventory[] Inventories, Guid[] SystemProductIds, ActiveLease[] Leases)
{
    public static Site Create(SiteRegistered e) => new(e.SiteId, e.MemberId, e.Name, e.Region, [], [], []);
    public Site Apply(InventorySet e) => this with { Inventories = e.Inventories, SystemProductIds = e.SystemProductIds };

    public Site Apply(LeaseCreated e) => this with
    {
        Leases = [.. Leases, new ActiveLease(e.LeaseId, e.OfferId, e.RequestId, e.RequesterMemberId, e.ResourceClass, e.Units, e.StartsAt, e.EndsAt)],
    };

    public Site Apply(LeaseClosed e) => this with { Leases = Leases.Where(l => l.LeaseId != e.LeaseId).ToArray() };

    public Inventory? InventoryOf(string resourceClass) => Inventories.FirstOrDefault(i => i.ResourceClass == resourceClass);

    public long LeasedUnits(string resourceClass) => Leases.Where(l => l.ResourceClass == resourceClass).Sum(l => l.Units);

    public long LeasedFromOffer(Guid offerId) => Leases.Where(l => l.OfferId == offerId).Sum(l => l.Units);

    /// <summary>total − reserved − leased: what a new lease of this class may take.</summary>
    public long FreeUnits(string resourceClass) => InventoryOf(resourceClass) is { } i ? i.Capacity - LeasedUnits(resourceClass) : 0;
}
