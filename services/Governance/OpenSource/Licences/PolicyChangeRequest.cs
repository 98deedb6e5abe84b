using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The stream's events under their stored names (a stored name never changes) and the business time each carries.</summary>
public static class PolicyChangeRequestEvents
{
    public static readonly EventCatalog All = new EventCatalog()
        .Add<PolicyChangeProposed>("policy_change_proposed", e => e.ProposedAt)
        .Add<PolicyChangeDecided>("policy_change_decided", e => e.DecidedAt);
}

// A proposal to change the policy: its own stream, decided by a policy-change ballot.

public sealed record PolicyChangeProposed(Guid ChangeId, Guid BallotId, PolicyChange[] Changes, string Reason, DateTimeOffset ProposedAt);

public sealed record PolicyChangeDecided(Guid ChangeId, Guid DecisionId, bool Approved, string Outcome, DateTimeOffset DecidedAt);

public sealed record PolicyChangeRequest(Guid Id, Guid BallotId, PolicyChange[] Changes, string Reason, string Status)
{
    public static PolicyChangeRequest Create(PolicyChangeProposed e) => new(e.ChangeId, e.BallotId, e.Changes, e.Reason, "pending");

    public PolicyChangeRequest Apply(PolicyChangeDecided e) => this with { Status = e.Approved ? "approved" : "rejected" };
}

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
}
