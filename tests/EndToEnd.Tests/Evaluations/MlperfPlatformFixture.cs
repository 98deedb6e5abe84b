using Xunit;

namespace Alliance.EndToEnd.Tests.Evaluations;

/// <summary>
/// A platform of its own for the MLPerf import: its submitters become members admitted at the round's publication
/// (Google, Oracle, …), and on the shared platform the Kubernetes import then found them and, rightly, refused their
/// certifications from before that admission. Run alone, after the others (DisableParallelization).
/// </summary>
public sealed class MlperfPlatformFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-mlperf";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MlperfPlatformCollection : ICollectionFixture<MlperfPlatformFixture>
{
    public const string Name = "mlperf-platform";
}
