using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The platform as `make run INSTANCES=2` starts it: two instances of Registry, Governance and Compatibility behind the
/// gateway, sharing only PostgreSQL and RabbitMQ (no Portal). Leadership is tried for every 500 ms, so a test sees a
/// worker move in seconds; the matrix cache lives ten minutes, so only another instance's announcement (not the
/// clock) can make an instance answer anew. Its collection runs alone, after the others (DisableParallelization): its
/// takeover deadlines are claims about time, measured while no other platform of this suite runs.
/// </summary>
public sealed class ScaleOutFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-scale";
    protected override int Instances => 2;
    protected override bool WithPortal => false;

    protected override IReadOnlyDictionary<string, string>? ServiceSettings => new Dictionary<string, string>
    {
        ["Leadership:PollMilliseconds"] = "500",
        ["Leadership:CheckMilliseconds"] = "500",
        ["Matrix:CacheSeconds"] = "600",
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutFixture>
{
    public const string Name = "scale-out";
}
