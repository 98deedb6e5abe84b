using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliance.Contracts.Compatibility;
using Alliance.Testing;
using MassTransit;
using Xunit;
using Contract = Alliance.Contracts.Market;

namespace Alliance.Market.Tests;

/// <summary>
/// The platform as processes (Market among them) behind the gateway, on a fresh database set and virtual host. Compatibility's
/// certification and evaluation messages are published on the fixture's broker as Compatibility's forwarder publishes them; a probe
/// receives the market's LeaseAtRisk.
/// </summary>
public sealed class MarketFixture : IAsyncLifetime
{
    public TestServers Servers { get; } = new();
    public HttpClient Http { get; private set; } = null!;
    // Generous: five processes start at once on a shared machine, and one slow answer must not fail the readiness wait.
    public HttpClient Direct { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };
    public HttpClient Secretariat { get; private set; } = null!;
    public MessageProbe<Contract.LeaseAtRisk> AtRisk { get; private set; } = null!;
    private PlatformProcesses _processes = null!;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        _processes = new PlatformProcesses(Servers, withPortal: true);
        await _processes.Start(Direct);
        Http = Client();
        Secretariat = Client(await AccessTokens.Get(Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
        AtRisk = await MessageProbe<Contract.LeaseAtRisk>.Start(Servers);
    }

    public ServiceProcess Market => _processes.Market;

    /// <summary>A second Market process on the same database and virtual host, on its own port; not yet started (the caller disposes it).</summary>
    public ServiceProcess SecondMarket() => _processes.SecondInstance(_processes.Market);

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(_processes.Gateway.Url), Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>An admitted member with a credential of the given role; Market knows it is admitted before this returns.</summary>
    public async Task<(Guid MemberId, HttpClient Client)> Member(string role = "member")
    {
        using var applied = await Http.Post("/api/members/applications",
            new { name = $"Compute Co {Guid.NewGuid():N}", kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" });
        var id = (Guid)(await applied.Read())["memberId"]!;
        (await Secretariat.Post($"/api/members/{id}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        var issued = await (await Secretariat.Post($"/api/members/{id}/credentials", new { role })).Read();
        return (id, Client(await AccessTokens.Get(Http, (string)issued["clientId"]!, (string)issued["clientSecret"]!)));
    }

    /// <summary>What Compatibility's forwarder publishes when a certification's status changes.</summary>
    public async Task Certification(Guid certification, Guid product, string standard, string version, string status, DateTimeOffset? validUntil = null,
        string? productName = null)
    {
        var now = DateTimeOffset.UtcNow;
        await AtRisk.Bus.Publish(new CertificationStatusChanged(certification, product, productName ?? "Accelerator " + product.ToString()[..8], "accelerator", Guid.NewGuid(),
            standard, version, status, now.AddDays(-30), validUntil, status == "certified" ? null : "test", now), c => c.MessageId = Guid.NewGuid());
    }

    /// <summary>What Compatibility's forwarder publishes when an evaluation result becomes public (message id = a new event id).</summary>
    public Task EvaluationPublished(string resultId, Guid product, string benchmark, string scenario, double score, bool higherIsBetter = true,
        string unit = "Samples/s") =>
        AtRisk.Bus.Publish(new EvaluationResultPublished(resultId, product, benchmark, scenario, score, unit, higherIsBetter, "alliance", DateTimeOffset.UtcNow),
            c => c.MessageId = Guid.NewGuid());

    /// <summary>What Compatibility's forwarder publishes when a result is withdrawn.</summary>
    public Task EvaluationWithdrawn(string resultId, Guid product, string benchmark, string scenario) =>
        AtRisk.Bus.Publish(new EvaluationResultWithdrawn(resultId, product, benchmark, scenario, "withdrawn-by-secretariat", "test", DateTimeOffset.UtcNow),
            c => c.MessageId = Guid.NewGuid());

    public async Task<Guid> Site(HttpClient owner, string region, params object[] inventories)
    {
        using var created = await owner.Post("/api/compute/sites", new { name = "DC " + Guid.NewGuid().ToString()[..6], region, @operator = "Ops Co", energySource = "hydro", pue = 1.25m });
        Assert.Equal(201, (int)created.StatusCode);
        var site = (Guid)(await created.Read())["siteId"]!;
        using var put = await PutInventory(owner, site, "\"1\"", new { inventories });
        Assert.Equal(200, (int)put.StatusCode);
        return site;
    }

    public static Task<HttpResponseMessage> PutInventory(HttpClient owner, Guid site, string? ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/compute/sites/{site}/inventory") { Content = JsonContent.Create(body, options: JsonSerializerOptions.Web) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return owner.SendAsync(request);
    }

    public static object Window(int days = 30) => new { from = DateTimeOffset.UtcNow.AddMinutes(-1), until = DateTimeOffset.UtcNow.AddDays(days) };

    public async Task<Guid> Offer(HttpClient owner, Guid site, string resourceClass, long units, decimal price, string currency = "CNY")
    {
        using var created = await owner.Post("/api/compute/offers", new { siteId = site, resourceClass, units, pricePerUnitHour = price, currency, window = Window() });
        Assert.True(201 == (int)created.StatusCode, await created.Content.ReadAsStringAsync());
        return (Guid)(await created.Read())["offerId"]!;
    }

    public async Task<Guid> Request(HttpClient requester, string resourceClass, long units, decimal maxPrice, string[] traits, string[]? regions = null)
    {
        using var created = await requester.Post("/api/compute/requests",
            new { resourceClass, units, requiredTraits = traits, maxPricePerUnitHour = maxPrice, currency = "CNY", window = Window(10), regions = regions ?? [] });
        Assert.True(201 == (int)created.StatusCode, await created.Content.ReadAsStringAsync());
        return (Guid)(await created.Read())["requestId"]!;
    }

    public static async Task<JsonNode> Candidates(HttpClient requester, Guid request) => await requester.GetNode($"/api/compute/requests/{request}/candidates");

    public async Task DisposeAsync()
    {
        if (AtRisk is not null) await AtRisk.DisposeAsync();
        if (_processes is not null) await _processes.Stop("market");
        await Servers.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MarketCollection : ICollectionFixture<MarketFixture>
{
    public const string Name = "market";
}
