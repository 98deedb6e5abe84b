using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Alliance.EndToEnd.Tests.CollectionOrder", "EndToEnd.Tests")]

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The shared platform's collection first, the rest by name. Two collections run at a time (one a core): the shared
/// platform's holds most of the suite and runs from the start, while the other slot takes the smaller platforms (the
/// edge, the fresh one, the log's two) one after the other. Left to xUnit's own order, two small ones could start
/// first and the long one would end minutes later. Collections with DisableParallelization (scale-out) run after all.
/// </summary>
public sealed class CollectionOrder : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == PlatformCollection.Name ? 0 : 1).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
