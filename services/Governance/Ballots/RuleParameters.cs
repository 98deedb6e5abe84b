namespace Alliance.Governance.Ballots;

/// <summary>An exact fraction; every comparison is done by cross-multiplying integers, never in floating point.</summary>
public readonly record struct Ratio(int Numerator, int Denominator)
{
    public override string ToString() => $"{Numerator}/{Denominator}";
}

/// <summary>What a position counts as in the tally.</summary>
public enum Category { Yes, No, Abstain, NoObjection, Block, Recuse }

/// <summary>A position a voter may take, what it counts as, and whether it needs a reason to count at all.</summary>
public sealed record PositionRule(string Position, Category Category, bool ReasonRequired = false);

/// <summary>The base a threshold or a cap is measured against.</summary>
public enum Base
{
    /// <summary>yes + no (abstentions and silence excluded)</summary>
    Cast,
    /// <summary>every eligible (binding) voter, silence included</summary>
    Eligible,
    /// <summary>eligible voters less those who recused</summary>
    EligibleLessRecused,
    /// <summary>eligible voters present at the meeting</summary>
    Present,
    /// <summary>yes + no + abstain (ballots returned)</summary>
    Returned,
}

/// <summary>
/// Every parameter of the one tally engine. A profile is a named set of these; a ballot may override
/// some, and the result is frozen in BallotOpened.
/// </summary>
public sealed record RuleParameters
{
    public required PositionRule[] Positions { get; init; }
    /// <summary>Support (yes, plus no-objection where it exists) must reach this share of ThresholdOf; null: no share needed.</summary>
    public Ratio? Threshold { get; init; }
    public bool ThresholdStrict { get; init; }
    public Base ThresholdOf { get; init; } = Base.Cast;
    /// <summary>At least this many binding yes votes.</summary>
    public int MinimumYes { get; init; }
    /// <summary>Negatives may be at most this share of NegativeCapOf (ISO: a quarter of all votes cast).</summary>
    public Ratio? NegativeCap { get; init; }
    public bool NegativeCapStrict { get; init; }
    public Base NegativeCapOf { get; init; } = Base.Cast;
    /// <summary>Non-binding votes enter the negative cap (ISO: all member bodies) and the threshold comparison (Apache release switch).</summary>
    public bool NegativeCapCountsNonBinding { get; init; }
    public bool ThresholdCountsNonBinding { get; init; }
    /// <summary>Any counted no (a valid veto) or block (a Discuss) stops approval.</summary>
    public bool NoIsVeto { get; init; }
    public bool BlockIsVeto { get; init; }
    /// <summary>Meeting ballots: attendance is recorded first, only members present vote, quorum is of those present.</summary>
    public bool Meeting { get; init; }
    public Ratio? PresentQuorum { get; init; }
    /// <summary>Ballots returned (yes + no + abstain) must reach this share of the eligible voters (IEEE).</summary>
    public Ratio? ReturnQuorum { get; init; }
    /// <summary>Abstentions must stay strictly under this share of ballots returned (IEEE: 30 %).</summary>
    public Ratio? AbstainCeiling { get; init; }
    /// <summary>Outcome when support equals opposition exactly (and nothing else decided).</summary>
    public string TieOutcome { get; init; } = Outcomes.Rejected;
    /// <summary>
    /// Outcome when the base of the threshold or of the negative cap is zero (nobody cast a yes or no, or no
    /// one is eligible). Not used by "more for than against" (a strict half of the votes cast): there 0 : 0 is
    /// equally divided and TieOutcome decides.
    /// </summary>
    public string NoVotesOutcome { get; init; } = Outcomes.Rejected;
    /// <summary>Outcome of an approving tally (W3C appeal: the appealed decision stands).</summary>
    public string ApprovedOutcome { get; init; } = Outcomes.Approved;
    /// <summary>Members of one affiliation group count as one voter (W3C AC votes: a divided group's vote is invalid).</summary>
    public bool OnePerGroup { get; init; }
    /// <summary>Members of one affiliation group who cast an identical ballot count as one vote; different ballots each count (W3C Council).</summary>
    public bool IdenticalGroupBallotsCountOnce { get; init; }
    /// <summary>The committee chair holds no vote (JTC 1).</summary>
    public bool ChairVotes { get; init; } = true;
    public bool ChangesAllowed { get; init; } = true;
    /// <summary>Secret ballots show no votes and no tally until they close.</summary>
    public bool Secret { get; init; }
    /// <summary>The ballot may close before its time once the outcome can no longer change.</summary>
    public bool EarlyCloseAllowed { get; init; }
    public int DefaultPeriodDays { get; init; } = 14;
}

public static class Outcomes
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string NoQuorum = "no-quorum";
    public const string Tie = "tie";
    public const string ChairDecides = "chair-decides";
    public const string FurtherDiscussion = "further-discussion";
    public const string DecisionStands = "decision-stands";
}
