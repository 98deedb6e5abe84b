namespace Alliance.Market;

// What the market's commands answer, as named types so that a client generated from the OpenAPI document has them.

public sealed record NewSite(Guid SiteId);

public sealed record NewOffer(Guid OfferId);

public sealed record NewRequest(Guid RequestId);

public sealed record LeaseWindow(DateTimeOffset From, DateTimeOffset Until);

/// <summary>A matching offer: Score, the site's best score on the request's first EVAL trait; RegionRank, its place in the region preference.</summary>
public sealed record CandidateView(Guid OfferId, Guid SiteId, Guid ProviderMemberId, string Region, string ResourceClass, decimal PricePerUnitHour, string Currency,
    Matching.EvaluationScore? Score, int RegionRank, long FreeUnits, string[] Traits, LeaseWindow LeaseWindow);

/// <summary>The offers that match now, in order; Removed and Why: how many offers each filter removed, in words.</summary>
public sealed record CandidateList(Guid RequestId, string Status, int Considered, IReadOnlyList<CandidateView> Candidates, IReadOnlyList<Matching.Removal> Removed, string? Why);

/// <summary>One resource class of a site: its inventory, units leased and free, the traits derived for it and its EVAL scores.</summary>
public sealed record InventoryView(string ResourceClass, long Total, long Reserved, long MinUnit, long MaxUnit, long StepSize, long Leased, long Free,
    string[] Traits, IReadOnlyList<Matching.EvaluationScore> Evaluations);

/// <summary>A site as GET /compute/sites/{id} answers (ETag: Version).</summary>
public sealed record SiteDetail(Guid SiteId, Guid MemberId, string Name, string Region, string? Operator, string? EnergySource, decimal? Pue, long Version,
    Guid[] SystemProductIds, IReadOnlyList<InventoryView> Inventories, string[] Traits, IReadOnlyList<Matching.EvaluationScore> Evaluations);
