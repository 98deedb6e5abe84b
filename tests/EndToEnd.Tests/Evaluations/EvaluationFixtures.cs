using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Evaluations;

/// <summary>A small benchmark suite of its own (round unique per test), ratified, and the members that submit, object and review.</summary>
internal sealed class EvaluationSuiteSetup(PlatformFixture platform)
{
    public string Code { get; } = "EVAL-" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToUpperInvariant();
    public string Round { get; } = "t" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiDigit).Take(6));

    public static object Suite(string round, int reviewWindowDays = 2) => new
    {
        round,
        benchmarks = new object[]
        {
            new { id = "llm-99", title = "An LLM at 99 % of the reference", accuracyTargets = new[] { new { metric = "ROUGE1", minimum = 40.0 } },
                  scenarios = new[] { new { scenario = "Offline", unit = "Tokens/s" }, new { scenario = "Server", unit = "Tokens/s" } } },
            new { id = "vision", title = "Image classification", accuracyTargets = new[] { new { metric = "acc", minimum = 75.0 } },
                  scenarios = new[] { new { scenario = "Offline", unit = "Samples/s" }, new { scenario = "SingleStream", unit = "Latency (ms)" } } },
        },
        scenarios = new object[]
        {
            new { id = "Offline", metric = "throughput", higherIsBetter = true },
            new { id = "Server", metric = "Poisson throughput", higherIsBetter = true },
            new { id = "SingleStream", metric = "p90 latency", higherIsBetter = false },
        },
        divisions = new object[] { new { id = "closed", referenceRulesApply = true }, new { id = "open", referenceRulesApply = false } },
        categories = new object[] { new { id = "available" }, new { id = "preview", availableWithinDays = 10 } },
        requiredSystemFields = new[] { "name", "nodes", "acceleratorsPerNode", "acceleratorModel", "software" },
        reviewWindowDays,
    };

    public async Task<EvaluationSuiteSetup> Create(bool ratify = true)
    {
        var pool = await platform.Pool(1);
        var committee = await new BallotFlowTests(platform).Committee("simple-majority", pool.Select(m => (m, true)));
        (await platform.Secretariat.Post("/api/standards", new { code = Code, title = "Evaluation test", committeeId = committee, kind = "evaluation" })).EnsureSuccessStatusCode();
        using var proposed = await platform.Secretariat.Post($"/api/standards/{Code}/versions", new { version = "1.0", evaluation = Suite(Round) });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        if (ratify)
            (await platform.Secretariat.Post($"/api/standards/{Code}/versions/1.0/historical-ratification",
                new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-1), source = "test" })).EnsureSuccessStatusCode();
        return this;
    }

    public static async Task<Guid> Product(PlatformFixture platform, (Guid MemberId, string ClientId, string Secret, HttpClient Client) vendor, string name) =>
        (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name, type = "server" })).Read())["productId"]!;

    public static object System(int accelerators = 8, string model = "Accel X1", int nodes = 1) =>
        new { name = "Box 8", nodes, acceleratorsPerNode = accelerators, acceleratorModel = model, processor = "2x CPU", software = "Stack 1.0" };

    public static object Result(string benchmark, string scenario, double score, string unit, double? accuracy = null, double? power = null, string? powerUnit = null) =>
        new
        {
            benchmark,
            scenario,
            score,
            unit,
            power,
            powerUnit,
            accuracy = new Dictionary<string, double> { [benchmark == "vision" ? "acc" : "ROUGE1"] = accuracy ?? (benchmark == "vision" ? 76 : 45) },
            logsUrl = "https://logs.example.org/run/1",
        };

    public object Submission(Guid product, object[] results, string division = "closed", string category = "available", object? system = null) =>
        new { productId = product, standard = Code, version = "1.0", division, category, system = system ?? System(), results };

    public static async Task<JsonNode> Submit(HttpClient client, object body)
    {
        using var response = await client.Post("/api/evaluations/submissions", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Read();
    }
}
