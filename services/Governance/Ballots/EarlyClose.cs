namespace Alliance.Governance.Ballots;

/// <summary>
/// Whether the outcome can no longer change: every way the voters who have not voted yet could still vote
/// (or stay silent) gives the same outcome. Votes already cast count as they stand: closing early ends the
/// time in which they could change. Counts are enumerated, not voters, so this is exact and cheap.
/// </summary>
public static class EarlyClose
{
    private const long MaxCombinations = 200_000;

    public static bool IsSettled(Ballot ballot)
    {
        var voted = ballot.Votes.Select(v => v.MemberId).ToHashSet();
        var remaining = ballot.Electorate.Where(e => !voted.Contains(e.MemberId)).ToList();
        var choices = ballot.Rules.Positions.Select(p => (string?)p.Position).Append(null).ToArray();
        if (Combinations(remaining.Count, choices.Length) > MaxCombinations) return false;
        var outcome = Outcome(ballot, []);
        foreach (var split in Splits(remaining.Count, choices.Length))
        {
            var hypothetical = new List<Tally.Position>();
            var next = 0;
            for (var c = 0; c < choices.Length; c++)
                for (var i = 0; i < split[c]; i++, next++)
                    if (choices[c] is { } position) hypothetical.Add(new Tally.Position(remaining[next].MemberId, position, "hypothetical"));
            if (Outcome(ballot, hypothetical) != outcome) return false;
        }
        return true;
    }

    private static string Outcome(Ballot ballot, List<Tally.Position> more) =>
        TallyEngine.Decide(ballot.Rules, Tally.Count(ballot.Rules, ballot.Electorate, [.. ballot.Votes, .. more], null)).Outcome;

    /// <summary>Every way to split n voters over k choices (compositions of n into k parts).</summary>
    private static IEnumerable<int[]> Splits(int n, int k)
    {
        if (k == 1) { yield return [n]; yield break; }
        for (var first = 0; first <= n; first++)
            foreach (var rest in Splits(n - first, k - 1))
                yield return [first, .. rest];
    }

    private static long Combinations(int n, int k)
    {
        // C(n + k − 1, k − 1), stopping as soon as it passes the cap.
        long result = 1;
        for (var i = 1; i < k; i++)
        {
            result = result * (n + i) / i;
            if (result > MaxCombinations) return result;
        }
        return result;
    }
}
