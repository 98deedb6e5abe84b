using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests;

/// <summary>Registry in-process on its own database and virtual host, shared by the API tests.</summary>
public sealed class RegistryFixture() : InProcessService<Program>("registry")
{
    public ServiceFactory<Program> Registry => Factory;
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
