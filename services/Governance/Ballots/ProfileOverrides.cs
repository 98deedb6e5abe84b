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
    public RuleParameters ApplyTo(RuleParameters rules)
    {
        var v = new Validation();
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
