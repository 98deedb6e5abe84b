using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Bench;

/// <summary>
/// The bench's side of the platform's RabbitMQ: a bus that publishes the services' own contracts (as a forwarder
/// does), and the management API's queue depths, to wait until every consumer has taken what was published.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    public IBus Bus { get; }

    private Broker(ServiceProvider services) { _services = services; Bus = services.GetRequiredService<IBus>(); }

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) ?? fallback;

    /// <summary>A bus with no consumers, configured as the services' (deploy/infra.sh env): publishes wait for the broker's confirm.</summary>
    public static async Task<Broker> Connect()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((_, bus) => bus.Host(Env("RabbitMq__Host", "127.0.0.1"), ushort.Parse(Env("RabbitMq__Port", "56729")), "/", h =>
            {
                h.Username(Env("RabbitMq__Username", "guest"));
                h.Password(Env("RabbitMq__Password", "guest"));
                h.PublisherConfirmation = true;
            }));
        });
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IBusControl>().StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return new Broker(provider);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<IBusControl>().StopAsync();
        await _services.DisposeAsync();
    }

    /// <summary>Messages ready or unacknowledged in every queue but the dead-letter ones (the management API's count, refreshed every few seconds).</summary>
    public static async Task<long> Backlog()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Env("RabbitMq__ManagementUrl", "http://127.0.0.1:15679")) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Env("RabbitMq__Username", "guest")}:{Env("RabbitMq__Password", "guest")}")));
        var queues = JsonNode.Parse(await http.GetStringAsync("/api/queues?columns=name,messages,consumers"))!.AsArray();
        // Queues with a consumer only: a queue nobody reads (a dead-letter queue, a contract no service consumes) never drains.
        return queues.Where(q => ((long?)q!["consumers"] ?? 0) > 0).Sum(q => (long?)q!["messages"] ?? 0);
    }

    /// <summary>
    /// Waits until every consumer has taken its messages (at most the given time): the backlog zero on every read for
    /// 6 s, longer than the management API's 5 s statistics interval, so a zero is not an old count.
    /// </summary>
    public static async Task Drained(TimeSpan atMost)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var zeros = 0;
        while (clock.Elapsed < atMost && zeros < 6)
        {
            zeros = await Backlog() == 0 ? zeros + 1 : 0;
            await Task.Delay(1000);
        }
    }
}
