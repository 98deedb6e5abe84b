using System.Text.RegularExpressions;
using Alliance.Hosting;

namespace Alliance.Market.Sites;

public sealed record RegisterSite(Guid? MemberId, string? Name, string? Region, string? Operator, string? EnergySource, decimal? Pue);

public sealed record InventoryItem(string? ResourceClass, long? Total, long? Reserved, long? MinUnit, long? MaxUnit, long? StepSize);

public sealed record SetInventory(InventoryItem[]? Inventories, Guid[]? SystemProductIds);

/// <summary>The pure rules of the site stream: who may register a site, what an inventory must look like.</summary>
public static partial class SiteDecisions
{
    public static readonly string[] EnergySources = ["grid", "hydro", "solar", "wind", "nuclear", "mixed-renewable", "other"];

    // A country (ISO 3166-1 alpha-2, "CN") or a province of one (ISO 3166-2, "CN-GZ", "CN-NM").
    [GeneratedRegex("^(?<country>[A-Z]{2})(-[A-Z0-9]{1,3})?$")]
    private static partial Regex RegionPattern();

    public static bool IsRegion(string? region) =>
        region is not null && RegionPattern().Match(region) is { Success: true } m && CountryCodes.IsAssigned(m.Groups["country"].Value);

    /// <summary>memberStatus: what this service knows of the owner's standing (Registry's messages); the secretariat registers for an admitted member only.</summary>
    public static SiteRegistered Register(Guid id, RegisterSite r, Actor actor, string? memberStatus, DateTimeOffset now)
    {
        var v = new Validation();
        v.Required("name", r.Name);
        v.Required("operator", r.Operator);
        if (!IsRegion(r.Region?.Trim())) v.Add("region", "'region' must be a country code (ISO 3166-1, \"CN\") or a province code (ISO 3166-2, \"CN-GZ\").");
        if (r.EnergySource is not null && !EnergySources.Contains(r.EnergySource)) v.Add("energySource", $"'energySource' must be one of: {string.Join(", ", EnergySources)}.");
        if (r.Pue is < 1.0m or > 5.0m) v.Add("pue", "'pue' (power usage effectiveness) is between 1.0 and 5.0.");
        if (actor.IsSecretariat && r.MemberId is null) v.Add("memberId", "'memberId' is required when the secretariat registers a site for a member.");
        v.ThrowIfInvalid();
        var owner = actor.IsSecretariat ? r.MemberId!.Value : actor.MemberId!.Value;
        if (!actor.IsSecretariat && r.MemberId is { } named) actor.MustActFor(named);
        if (actor.IsSecretariat && memberStatus != "admitted")
            throw new DomainRuleViolated("member-not-in-good-standing", "Sites are registered for admitted members in good standing only.");
        return new SiteRegistered(id, owner, r.Name!.Trim(), r.Region!.Trim(), r.Operator!.Trim(), r.EnergySource, r.Pue, actor.Describe(), now);
    }

    /// <summary>
    /// The inventory from now on. Every field is checked and named ("inventories[1].reserved"); an inventory may not
    /// shrink below what is leased now (the leases keep their units until they end).
    /// </summary>
    public static InventorySet Set(Site site, SetInventory r, Actor actor, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.Inventories is null) v.Add("inventories", "'inventories' is required (an empty list clears the inventory).");
        var items = new List<Inventory>();
        for (var i = 0; i < (r.Inventories?.Length ?? 0); i++)
        {
            var item = r.Inventories![i];
            var at = $"inventories[{i}]";
            if (item is null) { v.Add(at, "An inventory entry is required."); continue; }
            var cls = ResourceClasses.Canonical(item.ResourceClass);
            if (cls is null) v.Add($"{at}.resourceClass", $"'resourceClass' must be {ResourceClasses.Explanation}.");
            else if (items.Any(x => x.ResourceClass == cls)) v.Add($"{at}.resourceClass", $"'{cls}' appears twice.");
            var ok = true;
            void Check(string field, bool valid, string message) { if (!valid) { v.Add($"{at}.{field}", message); ok = false; } }
            Check("total", item.Total is >= 0 and <= 1_000_000_000, "'total' is required, from 0 to 1,000,000,000.");
            Check("reserved", item.Reserved is null || (item.Reserved >= 0 && item.Reserved <= (item.Total ?? 0)), "'reserved' is from 0 to 'total'.");
            Check("minUnit", item.MinUnit is null or >= 1, "'minUnit' is at least 1.");
            Check("stepSize", item.StepSize is null or >= 1, "'stepSize' is at least 1.");
            var min = item.MinUnit ?? 1;
            Check("maxUnit", item.MaxUnit is null || item.MaxUnit >= min, "'maxUnit' is at least 'minUnit'.");
            if (ok && cls is not null)
                items.Add(new Inventory(cls, item.Total!.Value, item.Reserved ?? 0, min, item.MaxUnit ?? Math.Max(item.Total!.Value, min), item.StepSize ?? 1));
        }
        var systems = r.SystemProductIds ?? [];
        if (systems.Length > 50) v.Add("systemProductIds", "At most 50 system products.");
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat) actor.MustActFor(site.MemberId);
        var below = items.Select(i => (i.ResourceClass, i.Capacity, Leased: site.LeasedUnits(i.ResourceClass)))
            .Concat(site.Inventories.Where(old => items.All(n => n.ResourceClass != old.ResourceClass)).Select(old => (old.ResourceClass, Capacity: 0L, Leased: site.LeasedUnits(old.ResourceClass))))
            .Where(x => x.Leased > x.Capacity).Select(x => $"{x.ResourceClass}: {x.Leased} units are leased, the new capacity would be {x.Capacity}").ToList();
        if (below.Count > 0)
            throw new DomainRuleViolated("inventory-below-leased", "The inventory cannot shrink below the units leased now; close the leases first.", below);
        return new InventorySet(site.Id, [.. items], [.. systems.Distinct()], actor.Describe(), now);
    }
}
