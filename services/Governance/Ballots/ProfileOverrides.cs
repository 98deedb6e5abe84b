using System.Text.Json;
using System.Text.Json.Serialization;
using Alliance.Hosting;

namespace Alliance.Governance.Ballots;

/// <summary>
/// The parameters a ballot may override on its profile: countNonBinding (Apache release switch),
/// approvalOf (IEEE switch: cast or returned), meeting and presentQuorum (e.g. JCP EC meetings: 3/4),
/// threshold, minimumYes, secret, changesAllowed. Anything else is refused, naming the field.
/// </summary>
public sealed record ProfileOverrides(
    bool? CountNonBinding = null, string? ApprovalOf = null, bool? Meeting = null, string? PresentQuorum = null,
    string? Threshold = null, int? MinimumYes = null, bool? Secret = null, bool? ChangesAllowed = null)
{
    public static readonly string[] Known = ["countNonBinding", "approvalOf", "meeting", "presentQuorum", "threshold", "minimumYes", "secret", "changesAllowed"];

    /// <summary>Every key of the body that is none of the known parameters: refused, so a typo never silently keeps the profile's rule.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    public RuleParameters ApplyTo(RuleParameters rules)
    {
        var v = new Validation();
        foreach (var key in (Unknown?.Keys ?? Enumerable.Empty<string>()).Select(k => k.Length > 64 ? k[..64] + "…" : k))
            v.Add($"parameters.{key}", $"Unknown parameter '{key}'; a ballot may override: {string.Join(", ", Known)}.");
        var result = rules with
        {
            ThresholdCountsNonBinding = CountNonBinding ?? rules.ThresholdCountsNonBinding,
            Meeting = Meeting ?? rules.Meeting,
            PresentQuorum = PresentQuorum is null ? rules.PresentQuorum : ParseRatio(v, "parameters.presentQuorum", PresentQuorum),
            Threshold = Threshold is null ? rules.Threshold : ParseRatio(v, "parameters.threshold", Threshold),
            MinimumYes = MinimumYes ?? rules.MinimumYes,
            Secret = Secret ?? rules.Secret,
            ChangesAllowed = ChangesAllowed ?? rules.ChangesAllowed,
            ThresholdOf = ApprovalOf switch
            {
                null => rules.ThresholdOf,
                "cast" => Base.Cast,
                "returned" => Base.Returned,
                "eligible" => Base.Eligible,
                _ => Invalid(v, "parameters.approvalOf", "'approvalOf' must be cast, returned or eligible.", rules.ThresholdOf),
            },
        };
        if (MinimumYes is < 0) v.Add("parameters.minimumYes", "'minimumYes' cannot be negative.");
        if (result.PresentQuorum is not null && !result.Meeting) v.Add("parameters.presentQuorum", "A present quorum needs a meeting ballot (meeting: true).");
        v.ThrowIfInvalid();
        return result;
    }

    private static Ratio? ParseRatio(Validation v, string field, string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var n) && int.TryParse(parts[1], out var d) && n >= 0 && d > 0 && n <= d) return new Ratio(n, d);
        v.Add(field, $"'{field}' must be a fraction such as 3/4.");
        return null;
    }

    private static Base Invalid(Validation v, string field, string message, Base fallback)
    {
        v.Add(field, message);
        return fallback;
    }
}
