using System.Text.Json;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class LicencePolicyEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<LicencePolicyAdopted>("licence_policy_adopted", e => e.AdoptedAt)
        .Add<LicencePolicyChanged>("licence_policy_changed", e => e.ChangedAt);
}

// The licence policy is one stream: adopted once from the seed, then changed only by approved policy-change ballots.

public sealed record LicencePolicyAdopted(Guid PolicyId, PolicyEntry[] Entries, string Source, string ListSource, DateTimeOffset AdoptedAt);

/// <summary>One entry's move; To "needs-review" takes the entry out of the policy.</summary>
public sealed record PolicyChange(string Key, string? From, string To, string? Note);

public sealed record LicencePolicyChanged(Guid PolicyId, Guid ChangeId, Guid DecisionId, PolicyChange[] Changes, string Reason, DateTimeOffset ChangedAt);

public sealed record LicencePolicy(Guid Id, Dictionary<string, PolicyEntry> Entries)
{
    /// <summary>There is one policy; its stream id is fixed so that every instance finds (and seeds) the same one.</summary>
    public static readonly Guid StreamId = new("0b5e1ce0-5eed-4c1c-a5e0-000000000001");

    public static LicencePolicy Create(LicencePolicyAdopted e) =>
        new(e.PolicyId, e.Entries.ToDictionary(x => x.Key.ToLowerInvariant(), StringComparer.Ordinal));

    public LicencePolicy Apply(LicencePolicyChanged e)
    {
        var entries = new Dictionary<string, PolicyEntry>(Entries, StringComparer.Ordinal);
        foreach (var change in e.Changes)
            if (change.To == LicenceCategories.NeedsReview) entries.Remove(change.Key.ToLowerInvariant());
            else entries[change.Key.ToLowerInvariant()] = new PolicyEntry(change.Key, change.To, change.Note);
        return this with { Entries = entries };
    }

    private sealed record SeedDocument(string Source, PolicyEntry[] Entries);

    /// <summary>The seed embedded in the service: Apache's categories A/B/X and the CNCF allowlist.</summary>
    public static LicencePolicyAdopted Seed(string listSource, DateTimeOffset now)
    {
        using var stream = typeof(LicencePolicy).Assembly.GetManifestResourceStream("licence-policy-seed.json")
            ?? throw new InvalidOperationException("licence-policy-seed.json is not embedded.");
        var seed = JsonSerializer.Deserialize<SeedDocument>(stream, JsonSerializerOptions.Web)!;
        return new LicencePolicyAdopted(StreamId, seed.Entries, seed.Source, listSource, now);
    }
}
