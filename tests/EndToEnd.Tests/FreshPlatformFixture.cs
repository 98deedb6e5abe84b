using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// A platform of its own, as `make run` starts it before its demo data: none of the committees the seed makes
/// (FreshPlatformTests) and no Kubernetes import (MlperfImportTests: the MLPerf submitters become members admitted at
/// the round's publication, and on the shared platform the Kubernetes import found them and, rightly, refused their
/// certifications from before that admission). The two tests hold in either order: the import's standards committee
/// is one the seed then reuses. Its collection runs beside the shared platform's (CollectionOrder).
/// </summary>
public sealed class FreshPlatformFixture : PlatformFixture
{
    protected override string LogPrefix => "e2e-fresh";
}

[CollectionDefinition(Name)]
public sealed class FreshPlatformCollection : ICollectionFixture<FreshPlatformFixture>
{
    public const string Name = "fresh-platform";
}
