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
        foreach (var (position, count) in c.Binding) ballot.Binding(position, count, c.Unreasoned.Contains(position) ? null : "technical reasons");
        foreach (var (position, count) in c.NonBinding) ballot.NonBinding(position, count);
        ballot.Silent(c.Silent);
        if (c.Present is { } present) ballot.Present(present);

        Assert.Equal(c.Expected, ballot.Outcome);
    }
}
