using Alliance.Portal.Api;

namespace Alliance.Portal.Pages;

/// <summary>
/// The census as horizontal bars, computed on the server (no script, no map): one bar per region and resource class,
/// its length the total on a common scale, the leased part drawn over it. Labels are member text and go through Razor's encoding.
/// </summary>
public static class CensusChart
{
    public const int Width = 760;
    public const int LabelWidth = 260;
    private const int BarSpace = Width - LabelWidth - 90;
    private const int RowHeight = 24;

    public sealed record Bar(string Label, long Total, long Leased, int Y, double TotalWidth, double LeasedWidth);

    public sealed record Chart(IReadOnlyList<Bar> Items, int Height);

    public static Chart Bars(IReadOnlyList<MarketApi.CensusRow> rows)
    {
        var top = rows.OrderByDescending(r => r.Total).Take(30).ToList();
        var max = Math.Max(1, top.Select(r => r.Total).DefaultIfEmpty(1).Max());
        var bars = top.Select((r, i) =>
        {
            var label = $"{r.Region} · {r.ProductName ?? r.ResourceClass}";
            if (label.Length > 40) label = label[..39] + "…";
            return new Bar(label, r.Total, r.Leased, i * RowHeight, Math.Round((double)r.Total / max * BarSpace, 1), Math.Round((double)r.Leased / max * BarSpace, 1));
        }).ToList();
        return new Chart(bars, Math.Max(RowHeight, bars.Count * RowHeight));
    }
}
