using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// A platform of its own, as `make run` starts it before its demo data: no committee at all. Its collection runs alone,
/// after the others (DisableParallelization), so two platforms never share the machine's two cores.
/// </summary>
public sealed class FreshPlatformFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-fresh";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FreshPlatformCollection : ICollectionFixture<FreshPlatformFixture>
{
    public const string Name = "fresh-platform";
}
