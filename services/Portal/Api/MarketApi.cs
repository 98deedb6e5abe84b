namespace Alliance.Portal.Api;

/// <summary>Market's public API: the compute census.</summary>
public sealed class MarketApi(HttpClient http) : ServiceApi(http)
{
    public sealed record CensusRow(string Region, string ResourceClass, string? ProductName, string? Standard, int Sites, long Total, long Reserved, long Leased,
        decimal Utilisation);

    public sealed record Census(DateTimeOffset AsOf, List<CensusRow> Rows);

    public Task<Census> CensusAsOf(DateTimeOffset? asOf, string? region, CancellationToken ct) =>
        Get<Census>($"/compute/census?{Query(("asOf", asOf), ("region", region))}", ct);
}
