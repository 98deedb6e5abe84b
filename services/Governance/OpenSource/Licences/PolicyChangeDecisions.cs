using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

public static class PolicyChangeDecisions
{
    public sealed record EntryRequest(string? Licence, string? Category, string? Note);

    public sealed record Propose(EntryRequest[]? Changes, string? Reason, string? Profile, DateTimeOffset? ClosesAt, string? OverrideReason = null);

    /// <summary>Validates a proposal: every licence (or "licence WITH exception") is a valid SPDX term, and each moves somewhere new.</summary>
    public static PolicyChange[] Changes(Propose request, LicencePolicy policy, SpdxParser parser)
    {
        var v = new Validation();
        v.Required("reason", request.Reason, 4000);
        if (request.Changes is not { Length: > 0 and <= 200 }) v.Add("changes", "'changes' lists 1 to 200 entries {licence, category, note}.");
        var changes = new List<PolicyChange>();
        foreach (var (entry, i) in (request.Changes ?? []).Select((c, i) => (c, i)))
        {
            var field = $"changes[{i}]";
            v.OneOf($"{field}.category", entry.Category, LicenceCategories.Names);
            if (entry.Note is { Length: > 500 }) v.Add($"{field}.note", "'note' must be at most 500 characters.");
            var parsed = parser.Parse(entry.Licence);
            if (!parsed.Valid) { v.Add($"{field}.licence", string.Join(" ", parsed.Errors.Select(e => e.Message))); continue; }
            if (parsed.Expression is not SpdxTerm { IsReference: false, OrLater: false } term)
            {
                v.Add($"{field}.licence", "A policy entry names one list licence, optionally WITH one exception (no AND, OR, '+' or LicenseRef).");
                continue;
            }
            var key = term.ToString();
            var from = policy.Entries.GetValueOrDefault(key.ToLowerInvariant())?.Category;
            if ((from ?? LicenceCategories.NeedsReview) == entry.Category) v.Add($"{field}.category", $"{key} is already {entry.Category}.");
            if (changes.Any(c => c.Key.Equals(key, StringComparison.OrdinalIgnoreCase))) v.Add($"{field}.licence", $"{key} is named twice.");
            changes.Add(new PolicyChange(key, from, entry.Category!, entry.Note?.Trim()));
        }
        v.ThrowIfInvalid();
        return changes.ToArray();
    }

    /// <summary>The policy-change ballot's decision; null when the proposal is no longer pending on that ballot (a duplicate or stale message).</summary>
    public static PolicyChangeDecided? Decided(PolicyChangeRequest c, Guid ballotId, Guid decisionId, bool approved, string outcome, DateTimeOffset now) =>
        c is { Status: "pending" } && c.BallotId == ballotId ? new PolicyChangeDecided(c.Id, decisionId, approved, outcome, now) : null;
}
