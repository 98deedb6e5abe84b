using Alliance.Governance.Ballots;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Builds an electorate and its positions in a line: binding and non-binding votes, silence, attendance.</summary>
public sealed class BallotCase(string profile, ProfileOverrides? overrides = null)
{
    private readonly List<Tally.Voter> _voters = [];
    private readonly List<Tally.Position> _positions = [];
    private HashSet<Guid>? _present;

    public RuleParameters Rules { get; } = (overrides ?? new()).ApplyTo(RuleProfiles.Find(profile)!.Parameters);

    public BallotCase Binding(string position, int count, string? reason = "technical reasons given") => Add(position, count, true, reason);
    public BallotCase NonBinding(string position, int count) => Add(position, count, false, "given");

    /// <summary>One voter, binding or not, in an affiliation group or not, with a position or silent.</summary>
    public BallotCase Seat(bool binding, string? group, string? position, string? reason = "technical reasons given")
    {
        var voter = new Tally.Voter(Guid.NewGuid(), binding, group);
        _voters.Add(voter);
        if (position is not null) _positions.Add(new Tally.Position(voter.MemberId, position, reason));
        return this;
    }

    public BallotCase Silent(int count)
    {
        for (var i = 0; i < count; i++) _voters.Add(new Tally.Voter(Guid.NewGuid(), true, null));
        return this;
    }

    /// <summary>Only the first n binding voters are present (the rest are absent from the meeting).</summary>
    public BallotCase Present(int n)
    {
        _present = _voters.Where(v => v.Binding).Take(n).Select(v => v.MemberId).ToHashSet();
        return this;
    }

    public BallotCase AllPresent() => Present(_voters.Count);

    private BallotCase Add(string position, int count, bool binding, string? reason)
    {
        for (var i = 0; i < count; i++)
        {
            var voter = new Tally.Voter(Guid.NewGuid(), binding, null);
            _voters.Add(voter);
            _positions.Add(new Tally.Position(voter.MemberId, position, reason));
        }
        return this;
    }

    public Tally Tally => Tally.Count(Rules, _voters, _positions, Rules.Meeting ? _present ?? _voters.Select(v => v.MemberId).ToHashSet() : null);
    public TallyEngine.Result Result => TallyEngine.Decide(Rules, Tally);
    public string Outcome => Result.Outcome;
}
