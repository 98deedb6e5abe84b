using System.Text.Json;
using Alliance.Governance.Ballots;
using Xunit;

namespace Alliance.Governance.Tests.Ballots;

/// <summary>Every worked case through the engine (the same cases run over HTTP in the end-to-end tests).</summary>
public sealed class WorkedCaseEngineTests
{
    public static TheoryData<WorkedCase> Cases => new(WorkedCase.All);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_engine_reaches_the_documented_outcome(WorkedCase c)
    {
        var overrides = JsonSerializer.Deserialize<ProfileOverrides>(JsonSerializer.Serialize(c.Parameters), JsonSerializerOptions.Web);
        var ballot = new BallotCase(c.Profile, overrides);
        foreach (var seat in c.Seats())
            ballot.Seat(seat.Binding, seat.Group, seat.Position, seat.Position is { } p && c.Unreasoned.Contains(p) ? null : "technical reasons");
        if (c.Present is { } present) ballot.Present(present);

        Assert.Equal(c.Expected, ballot.Outcome);
    }
}
