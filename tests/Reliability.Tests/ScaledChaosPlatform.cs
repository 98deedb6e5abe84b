using Xunit;

namespace Alliance.Reliability.Tests;

/// <summary>
/// The chaos platform with two instances of every service behind the gateway, as `make run INSTANCES=2` starts it
/// (docs/scale-out.md). Single-instance workers try for the lead every second, so a killed leader's work moves in
/// about a second. Its collection runs alone, after the one-instance platform's, on the same servers.
/// </summary>
public sealed class ScaledChaosPlatform : ChaosPlatform
{
    protected override int Instances => 2;
    protected override string LogPrefix => "chaos-scaled";

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Leadership:PollMilliseconds"] = "1000",
        ["Leadership:CheckMilliseconds"] = "1000",
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaledChaosCollection : ICollectionFixture<ScaledChaosPlatform>
{
    public const string Name = "chaos-scaled";
}
