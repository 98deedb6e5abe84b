using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Alliance.Portal.Pages.Members;

/// <summary>A member as the public sees it: its directory entry, its products, and its membership record with each event's place in the transparency log.</summary>
public sealed class DetailModel(RegistryApi registry, CompatibilityApi compatibility, TransparencyApi transparency, Text text) : PortalPage(text)
{
    public MemberRow Member { get; private set; } = null!;
    public IReadOnlyList<ProductListItem> Products { get; private set; } = [];
    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];
    public LogPlaces Log { get; private set; } = LogPlaces.Unknown;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await registry.Member(id, ct) is not { } member) return NotFound();
        Member = member;
        var products = compatibility.ProductsOf(id, ct);
        History = await registry.MemberHistory(id, ct);
        Log = await transparency.Places(History.Select(e => e.EventId), ct);
        Products = await products;
        return Page();
    }
}
