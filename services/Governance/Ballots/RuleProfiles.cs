namespace Alliance.Governance.Ballots;

/// <summary>A named set of rule parameters, with the rule in plain words and where it comes from.</summary>
public sealed record RuleProfile(string Id, string Title, string Explanation, RuleParameters Parameters);

/// <summary>
/// The profiles of real standards bodies and foundations, as data for the one engine. Sources and worked
/// cases: the governance research notes (ISO/IEC Directives, IETF Datatracker, JCP, Apache, OASIS, IEEE-SA,
/// CNCF charter and gitvote, W3C Process).
/// </summary>
public static class RuleProfiles
{
    private static readonly PositionRule[] YesNoAbstain = [new("yes", Category.Yes), new("no", Category.No), new("abstain", Category.Abstain)];
    private static readonly PositionRule[] IsoPositions = [new("approve", Category.Yes), new("disapprove", Category.No, ReasonRequired: true), new("abstain", Category.Abstain)];
    private static readonly PositionRule[] IesgPositions =
        [new("yes", Category.Yes), new("no-objection", Category.NoObjection), new("discuss", Category.Block, ReasonRequired: true), new("abstain", Category.Abstain), new("recuse", Category.Recuse)];
    private static readonly PositionRule[] ApachePositions = [new("+1", Category.Yes), new("0", Category.Abstain), new("-1", Category.No)];
    private static readonly PositionRule[] ApacheVeto = [new("+1", Category.Yes), new("0", Category.Abstain), new("-1", Category.No, ReasonRequired: true)];
    private static readonly PositionRule[] GitVote = [new("in-favour", Category.Yes), new("against", Category.No), new("abstain", Category.Abstain)];
    private static readonly PositionRule[] ForAgainst = [new("for", Category.Yes), new("against", Category.No), new("abstain", Category.Abstain)];
    private static readonly PositionRule[] ApproveReject = [new("approve", Category.Yes), new("reject", Category.No), new("abstain", Category.Abstain)];
    private static readonly Ratio Half = new(1, 2), TwoThirds = new(2, 3), Quarter = new(1, 4), ThreeQuarters = new(3, 4);

    public static readonly IReadOnlyList<RuleProfile> All =
    [
        new("simple-majority", "Simple majority of votes cast", "Approved when yes > no; abstentions and silence do not count; an exact tie (0 : 0 included) is a tie.",
            new() { Positions = YesNoAbstain, Threshold = Half, ThresholdStrict = true, TieOutcome = Outcomes.Tie, EarlyCloseAllowed = true }),
        new("two-thirds-of-cast", "Two thirds of votes cast", "Approved when 3·yes ≥ 2·(yes + no) and somebody voted yes or no; abstentions do not count.",
            new() { Positions = YesNoAbstain, Threshold = TwoThirds, EarlyCloseAllowed = true }),
        new("two-thirds-of-eligible", "Two thirds of all eligible voters", "Approved when 3·yes ≥ 2·eligible: abstaining and silence count against.",
            new() { Positions = YesNoAbstain, Threshold = TwoThirds, ThresholdOf = Base.Eligible, EarlyCloseAllowed = true }),
        new("unanimous", "Unanimous", "Approved only when every eligible voter votes yes.",
            new() { Positions = YesNoAbstain, Threshold = new(1, 1), ThresholdOf = Base.Eligible, EarlyCloseAllowed = true }),
        new("iso-dis-fdis", "ISO DIS/FDIS approval", "Approved when (a) 3·yes ≥ 2·(yes + no) among P-members (binding) and (b) 4·no ≤ yes + no among all member bodies; abstentions and disapprovals without technical reasons are excluded; all-abstain is not approved.",
            new() { Positions = IsoPositions, Threshold = TwoThirds, NegativeCap = Quarter, NegativeCapCountsNonBinding = true, ChangesAllowed = false, DefaultPeriodDays = 60 }),
        new("iec-fdis", "IEC FDIS approval", "As ISO, but negatives must be strictly under a quarter of all votes cast (4·no < yes + no).",
            new() { Positions = IsoPositions, Threshold = TwoThirds, NegativeCap = Quarter, NegativeCapStrict = true, NegativeCapCountsNonBinding = true, ChangesAllowed = false, DefaultPeriodDays = 60 }),
        new("jtc1-meeting", "ISO/IEC JTC 1 meeting vote", "Only members present vote; approved when yes > no; the chair has no vote; an equally divided vote (0 : 0 included) goes to further discussion.",
            new() { Positions = YesNoAbstain, Meeting = true, Threshold = Half, ThresholdStrict = true, TieOutcome = Outcomes.FurtherDiscussion, ChairVotes = false, DefaultPeriodDays = 1 }),
        new("iesg-standards-track", "IETF IESG, Standards Track / BCP", "Approved when yes ≥ 1, yes + no-objection ≥ ⌈2/3·(seated − recused)⌉, and no Discuss; a Discuss needs its text.",
            new() { Positions = IesgPositions, MinimumYes = 1, Threshold = TwoThirds, ThresholdOf = Base.EligibleLessRecused, BlockIsVeto = true }),
        new("iesg-informational", "IETF IESG, Informational / Experimental", "Approved when yes ≥ 1 and no Discuss.",
            new() { Positions = IesgPositions, MinimumYes = 1, BlockIsVeto = true }),
        new("jcp-ec", "JCP Executive Committee", "Approved when 2·yes > yes + no and yes ≥ 5; only yes and no count. With the parameter meeting, 75 % of the voting members must be present.",
            new() { Positions = YesNoAbstain, Threshold = Half, ThresholdStrict = true, MinimumYes = 5 }),
        new("apache-procedural", "Apache procedural vote", "Passes when +1 > −1; 0 is ignored; a tie fails.",
            new() { Positions = ApachePositions, Threshold = Half, ThresholdStrict = true, DefaultPeriodDays = 3 }),
        new("apache-code-change", "Apache code modification", "Passes with at least three +1 and no valid −1; a −1 is a veto and needs a technical justification, without one it has no weight.",
            new() { Positions = ApacheVeto, MinimumYes = 3, NoIsVeto = true, DefaultPeriodDays = 3 }),
        new("apache-release", "Apache release vote", "Passes with at least three binding +1 and more +1 than −1; releases cannot be vetoed. Parameter countNonBinding: whether non-binding votes enter the +1/−1 comparison (default: no).",
            new() { Positions = ApachePositions, MinimumYes = 3, Threshold = Half, ThresholdStrict = true, DefaultPeriodDays = 3 }),
        new("oasis-special-majority", "OASIS Special Majority", "Passes when 3·yes ≥ 2·V and 4·no ≤ V, V = all voting members; abstentions are not counted but cannot supply yeses.",
            new() { Positions = YesNoAbstain, Threshold = TwoThirds, ThresholdOf = Base.Eligible, NegativeCap = Quarter, NegativeCapOf = Base.Eligible, DefaultPeriodDays = 7 }),
        new("oasis-full-majority", "OASIS Full Majority", "Passes when 2·yes > V, V = all voting members.",
            new() { Positions = YesNoAbstain, Threshold = Half, ThresholdStrict = true, ThresholdOf = Base.Eligible, DefaultPeriodDays = 7 }),
        new("ieee-sa", "IEEE-SA standards ballot", "Passes when ballots returned ≥ 75 % of the balloting group, abstentions < 30 % of returned, and approvals ≥ 75 % of approve + disapprove (parameter approvalOf = returned: of all returned).",
            new() { Positions = [new("approve", Category.Yes), new("disapprove", Category.No), new("abstain", Category.Abstain)], ReturnQuorum = ThreeQuarters, AbstainCeiling = new(3, 10), Threshold = ThreeQuarters, DefaultPeriodDays = 30 }),
        new("cncf-gitvote", "CNCF gitvote (moving levels, archiving)", "Passes when 100·in-favour ≥ 66·allowed voters: abstaining and silence count against; closes as soon as it passes.",
            new() { Positions = GitVote, Threshold = new(66, 100), ThresholdOf = Base.Eligible, EarlyCloseAllowed = true }),
        new("cncf-toc-meeting", "CNCF TOC meeting", "Needs 2/3 of all TOC members present (3·present ≥ 2·members); passes when 2·yes > present.",
            new() { Positions = YesNoAbstain, Meeting = true, PresentQuorum = TwoThirds, Threshold = Half, ThresholdStrict = true, ThresholdOf = Base.Present, DefaultPeriodDays = 1 }),
        new("w3c-ac-appeal", "W3C Advisory Committee appeal vote", "\"Do you approve of the Decision?\" One vote per Member (related Members count as one; a group whose members vote differently casts no valid vote); the decision is overturned (rejected) only when reject > approve; a tie, all abstaining or nobody voting leaves it standing.",
            new() { Positions = ApproveReject, Threshold = Half, ThresholdStrict = true, OnePerGroup = true, ApprovedOutcome = Outcomes.DecisionStands, TieOutcome = Outcomes.DecisionStands, NoVotesOutcome = Outcomes.DecisionStands, DefaultPeriodDays = 28 }),
        new("w3c-council", "W3C Council", "Adopted when for > against; two members of one affiliation casting an identical ballot count as one vote, different ballots each count; a tie (0 : 0 included) goes to the Council Chair.",
            new() { Positions = ForAgainst, Threshold = Half, ThresholdStrict = true, IdenticalGroupBallotsCountOnce = true, TieOutcome = Outcomes.ChairDecides, DefaultPeriodDays = 45 }),
    ];

    public static RuleProfile? Find(string id) => All.FirstOrDefault(p => p.Id == id);
}
