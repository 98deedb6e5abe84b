using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>
/// A platform of its own whose processes export their spans to a Zipkin receiver in the test and sample their
/// metrics every second. Its collection runs alone (DisableParallelization), like the fresh platform's.
/// </summary>
public sealed class ObservedPlatformFixture : PlatformFixture, IAsyncLifetime
{
    public ZipkinReceiver Zipkin { get; } = new();

    protected override string LogPrefix => "e2e-observed";

    protected override PlatformProcesses CreateProcesses()
    {
        var telemetry = new Dictionary<string, string>
        {
            ["Telemetry:ZipkinEndpoint"] = Zipkin.Endpoint,
            ["Telemetry:SampleSeconds"] = "1",
            // The batch exporter's period (the standard variable): spans arrive within a fifth of a second. Its queue
            // holds every span of a test (the background's polling included), so none is dropped on a slow machine.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BSP_MAX_QUEUE_SIZE"] = "65536",
        };
        return new PlatformProcesses(Servers, withPortal: true, serviceSettings: telemetry, gatewaySettings: telemetry);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Zipkin.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservedPlatformCollection : ICollectionFixture<ObservedPlatformFixture>
{
    public const string Name = "observed-platform";
}
