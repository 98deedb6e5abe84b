namespace Alliance.Governance.Ballots;

/// <summary>
/// Every counter a decision can turn on, kept apart: binding yes/no/abstain/no-objection/block, recused,
/// no position, invalid (a negative without its required reason), and the non-binding votes. Merged: ballots
/// counted as one with an identical ballot of the same affiliation (W3C Council). Outside meetings the binding counters and
/// Merged add up to Eligible.
/// </summary>
public sealed record Tally(
    int Eligible, int Present, int Yes, int No, int Abstain, int NoObjection, int Block, int Recused, int NoPosition, int Invalid,
    int NonBindingYes, int NonBindingNo, int NonBindingAbstain, int Merged = 0)
{
    public int Cast => Yes + No;
    public int Returned => Yes + No + Abstain;
    public int Support => Yes + NoObjection;
    public int NonBinding => NonBindingYes + NonBindingNo + NonBindingAbstain;

    /// <summary>A voter as frozen in BallotOpened; Group is the affiliation group (null: a group of its own).</summary>
    public sealed record Voter(Guid MemberId, bool Binding, string? Group);

    /// <summary>A member's latest position; Reason may be required for it to count.</summary>
    public sealed record Position(Guid MemberId, string Value, string? Reason);

    /// <summary>Whether a position counts at all: some (a formal objection, a veto) count only with a reason.</summary>
    public static bool Counts(RuleParameters rules, string position, string? reason) =>
        !(rules.Positions.Single(p => p.Position == position).ReasonRequired && string.IsNullOrWhiteSpace(reason));

    /// <summary>Counts the latest position of each voter in the frozen electorate under the rules.</summary>
    public static Tally Count(RuleParameters rules, IReadOnlyList<Voter> electorate, IReadOnlyCollection<Position> positions, IReadOnlySet<Guid>? present)
    {
        var byMember = positions.ToDictionary(p => p.MemberId);
        var units = Units(rules, electorate, byMember);
        int eligible = 0, presentCount = 0, yes = 0, no = 0, abstain = 0, noObjection = 0, block = 0, recused = 0, none = 0, invalid = 0, nbYes = 0, nbNo = 0, nbAbstain = 0, merged = 0;
        foreach (var unit in units)
        {
            var binding = unit.Any(v => v.Binding);
            var here = present is null || unit.Any(v => present.Contains(v.MemberId));
            // Identical ballots of one affiliation are one vote, but each member stays an eligible voter.
            var seats = rules.IdenticalGroupBallotsCountOnce ? unit.Count(v => v.Binding) : binding ? 1 : 0;
            eligible += seats;
            if (binding && here) presentCount++;
            merged += Math.Max(0, seats - 1);
            var cast = unit.Where(v => present is null || present.Contains(v.MemberId))
                .Select(v => byMember.GetValueOrDefault(v.MemberId)).OfType<Position>().ToList();
            if (cast.Count == 0) { if (binding && here) none++; continue; }
            if (cast.Select(c => c.Value).Distinct().Count() > 1) { if (binding) invalid++; continue; }
            var position = cast[0];
            var rule = rules.Positions.Single(p => p.Position == position.Value);
            if (cast.Any(c => !Counts(rules, c.Value, c.Reason))) { if (binding) invalid++; continue; }
            if (!binding)
            {
                if (rule.Category == Category.Yes) nbYes++;
                else if (rule.Category == Category.No) nbNo++;
                else if (rule.Category == Category.Abstain) nbAbstain++;
                continue;
            }
            switch (rule.Category)
            {
                case Category.Yes: yes++; break;
                case Category.No: no++; break;
                case Category.Abstain: abstain++; break;
                case Category.NoObjection: noObjection++; break;
                case Category.Block: block++; break;
                case Category.Recuse: recused++; break;
            }
        }
        return new Tally(eligible, presentCount, yes, no, abstain, noObjection, block, recused, none, invalid, nbYes, nbNo, nbAbstain, merged);
    }

    /// <summary>
    /// The units that each count as one vote. OnePerGroup (W3C AC: each Member or group of related Members has
    /// one vote): the whole group, which counts when its members agree. IdenticalGroupBallotsCountOnce (W3C
    /// Council: two members of one affiliation casting an identical ballot count as one vote): members of a
    /// group who cast the same position; a different ballot from the same group counts on its own.
    /// </summary>
    private static List<List<Voter>> Units(RuleParameters rules, IReadOnlyList<Voter> electorate, Dictionary<Guid, Position> byMember)
    {
        if (rules.OnePerGroup) return electorate.GroupBy(v => v.Group ?? v.MemberId.ToString()).Select(g => g.ToList()).ToList();
        if (rules.IdenticalGroupBallotsCountOnce)
            return electorate
                .GroupBy(v => v.Group is { } g && byMember.GetValueOrDefault(v.MemberId) is { } p ? (Grouped: true, g, p.Value) : (Grouped: false, v.MemberId.ToString(), ""))
                .Select(g => g.ToList()).ToList();
        return electorate.Select(v => new List<Voter> { v }).ToList();
    }
}
