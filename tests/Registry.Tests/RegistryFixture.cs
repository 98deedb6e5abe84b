using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests;

/// <summary>Registry in-process on its own database and virtual host, shared by the API tests.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public ServiceFactory<Program> Registry { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Registry = new ServiceFactory<Program>(Servers, "registry");
        Http = Registry.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await Registry.DisposeAsync();
        await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>
{
    public const string Name = "registry";
}
