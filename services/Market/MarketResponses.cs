namespace Alliance.Market;

// What the market's commands answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record NewSite(Guid SiteId);

public sealed record NewOffer(Guid OfferId);

public sealed record NewRequest(Guid RequestId);

public sealed record LeaseWindow(DateTimeOffset From, DateTimeOffset Until);

// Rows read by Dapper: through the constructor (parameters in the order and of the types the SELECT gives) or, where a column is an
// array (Npgsql reports it as System.Array, which no constructor parameter matches), through init properties.

/// <summary>A line of GET /compute/sites.</summary>
public sealed record SiteSummary(Guid SiteId, Guid MemberId, string Name, string Region, string Operator, string? EnergySource, decimal? Pue, DateTime RegisteredAt);

/// <summary>The operator and energy facts of a site, as its row holds them.</summary>
public sealed record SiteFacts(string? Operator, string? EnergySource, decimal? Pue);

/// <summary>An offer as listed (GET /compute/offers) and shown (GET /compute/offers/{id}).</summary>
public sealed record OfferListing(Guid OfferId, Guid SiteId, Guid MemberId, string Region, string ResourceClass, long Units, decimal PricePerUnitHour, string Currency,
    DateTime StartsAt, DateTime EndsAt, string Status, DateTime PublishedAt, DateTime ChangedAt);

/// <summary>A lease, for either side and the secretariat; UsageUnitHours: the usage recorded when it ended; AtRiskTraits: traits lost while it runs.</summary>
public sealed record LeaseView
{
    public Guid LeaseId { get; init; }
    public Guid SiteId { get; init; }
    public Guid OfferId { get; init; }
    public Guid RequestId { get; init; }
    public Guid ProviderMemberId { get; init; }
    public Guid RequesterMemberId { get; init; }
    public string ResourceClass { get; init; } = "";
    public long Units { get; init; }
    public decimal PricePerUnitHour { get; init; }
    public string Currency { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public string? CloseReason { get; init; }
    public decimal? UsageUnitHours { get; init; }
    public string[] AtRiskTraits { get; init; } = [];
}

/// <summary>A request row as stored: the minimum scores are jsonb, read as their text.</summary>
public sealed record RequestRow
{
    public Guid RequestId { get; init; }
    public Guid MemberId { get; init; }
    public string ResourceClass { get; init; } = "";
    public long Units { get; init; }
    public string[] RequiredTraits { get; init; } = [];
    public string MinimumScores { get; init; } = "";
    public decimal MaxPricePerUnitHour { get; init; }
    public string Currency { get; init; } = "";
    public DateTime StartsAt { get; init; }
    public DateTime EndsAt { get; init; }
    public string[] Regions { get; init; } = [];
    public string Status { get; init; } = "";
    public Guid? LeaseId { get; init; }
    public DateTime OpenedAt { get; init; }
    public DateTime ChangedAt { get; init; }
}

/// <summary>A line of GET /compute/requests.</summary>
public sealed record RequestSummary(Guid RequestId, Guid MemberId, string ResourceClass, long Units, string[] RequiredTraits, IReadOnlyList<Matching.MinimumScore> MinimumScores,
    decimal MaxPricePerUnitHour, string Currency, DateTime StartsAt, DateTime EndsAt, string[] Regions, string Status, Guid? LeaseId, DateTime OpenedAt, DateTime ChangedAt);

/// <summary>A matching offer: Score, the site's best score on the request's first EVAL trait; RegionRank, its place in the region preference.</summary>
public sealed record CandidateView(Guid OfferId, Guid SiteId, Guid ProviderMemberId, string Region, string ResourceClass, decimal PricePerUnitHour, string Currency,
    Matching.EvaluationScore? Score, int RegionRank, long FreeUnits, string[] Traits, LeaseWindow LeaseWindow);

/// <summary>
/// One page of the offers that match now, in order: Total, how many match in all; Considered, Removed and Why count every
/// open offer, whatever the page.
/// </summary>
public sealed record CandidateList(Guid RequestId, string Status, int Considered, int Total, int Page, int PageSize, IReadOnlyList<CandidateView> Candidates,
    IReadOnlyList<Matching.Removal> Removed, string? Why);

/// <summary>One resource class of a site: its inventory, units leased and free, the traits derived for it and its EVAL scores.</summary>
public sealed record InventoryView(string ResourceClass, long Total, long Reserved, long MinUnit, long MaxUnit, long StepSize, long Leased, long Free,
    string[] Traits, IReadOnlyList<Matching.EvaluationScore> Evaluations);

/// <summary>A site as GET /compute/sites/{id} answers (ETag: Version).</summary>
public sealed record SiteDetail(Guid SiteId, Guid MemberId, string Name, string Region, string? Operator, string? EnergySource, decimal? Pue, long Version,
    Guid[] SystemProductIds, IReadOnlyList<InventoryView> Inventories, string[] Traits, IReadOnlyList<Matching.EvaluationScore> Evaluations);
