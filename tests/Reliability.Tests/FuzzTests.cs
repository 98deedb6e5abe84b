using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>Thousands of malformed requests generated from every service's OpenAPI document: no 500, no event written, all healthy after.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class FuzzTests(ChaosPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Malformed_requests_from_the_openapi_documents_never_get_a_500_and_never_write_an_event()
    {
        var target = ChaosPlatform.Full ? 12_000 : 2_400;
        var token = platform.SecretariatToken;
        var cases = new List<(ServiceProcess Service, Fuzzer.Case Case, bool Authenticated)>();
        var plans = new List<(ServiceProcess Service, Fuzzer Fuzzer, List<Fuzzer.Operation> Operations)>();
        foreach (var (service, name) in new[] { (platform.Registry, "registry"), (platform.Governance, "governance"), (platform.Compatibility, "compatibility") })
        {
            var document = (await platform.Direct.GetFromJsonAsync<JsonObject>($"{service.Url}/openapi/v1.json"))!;
            var fuzzer = new Fuzzer(document, "", name.Length);
            plans.Add((service, fuzzer, fuzzer.Operations().ToList()));
        }
        // Commands without a body or a path to aim at (key rotation) are sent anonymously only: with the
        // secretariat's token they are valid. Each case is sent once or twice, so the number per operation comes
        // from the real count of sendings (the earlier estimate of "twice each" fell 40 short of its target).
        static bool AlsoAuthenticated(Fuzzer.Operation op) => op.Body is not null || op.Path.Contains('{') || op.Method == "GET";
        var sendings = plans.Sum(p => p.Operations.Sum(op => AlsoAuthenticated(op) ? 2 : 1));
        var perOperation = (int)Math.Ceiling((double)target / sendings);
        foreach (var (service, fuzzer, operations) in plans)
            foreach (var op in operations)
                foreach (var c in fuzzer.Cases(op, perOperation))
                {
                    cases.Add((service, c, false));
                    if (AlsoAuthenticated(op)) cases.Add((service, c, true));
                }
        var eventsBefore = await platform.AllEvents();

        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        // HttpClient waits only one second for "100 Continue" before it uploads a large body anyway; on a loaded
        // two-core machine the server's early 413 then meets a half-sent body and the connection is reset (CI saw
        // one "no answer" that way). Waiting as long as the request may take keeps the 413 readable.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) }) { Timeout = TimeSpan.FromSeconds(60) };
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (x, ct) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(x.Case.Method), x.Service.Url + x.Case.Path);
            if (x.Case.Body is { } body)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(x.Case.ContentType!);
            }
            if (x.Authenticated) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // A connection of its own per request: a server that closes one after refusing a body must not fail the next request.
            request.Headers.ConnectionClose = true;
            // Large bodies wait for 100-continue, so an early 413 is read instead of a broken upload.
            request.Headers.ExpectContinue = x.Case.Body is { Length: > 1_000_000 };
            try
            {
                using var response = await http.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status >= 500) failures.Add($"{status} {x.Case.Method} {x.Case.Path[..Math.Min(120, x.Case.Path.Length)]} ({x.Case.What}): {(await response.Content.ReadAsStringAsync(ct))[..Math.Min(300, (int)(response.Content.Headers.ContentLength ?? 300))]}");
                // A licence check answers 200 to anything (it stores nothing); any other command must refuse.
                else if (x.Case.Method != "GET" && status is >= 200 and < 300 && !x.Case.Path.EndsWith("/licence-checks", StringComparison.Ordinal))
                    failures.Add($"{status} accepted: {x.Case.Method} {x.Case.Path} ({x.Case.What})");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                failures.Add($"no answer: {x.Case.Method} {x.Case.Path[..Math.Min(120, x.Case.Path.Length)]} ({x.Case.What}): {e.Message}");
            }
        });

        var eventsAfter = await platform.AllEvents();
        foreach (var service in platform.All) await service.WaitUntilReady(platform.Direct, TimeSpan.FromSeconds(30));
        output.WriteLine($"{cases.Count} requests over {plans.Sum(p => p.Operations.Count)} operations: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}×{s.Key}"))}");
        foreach (var f in failures.Take(30)) output.WriteLine(f);
        Figures.Record("fuzzing from the OpenAPI documents", cases.Count, statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value), eventsAfter - eventsBefore,
            "—", statuses.Where(s => s.Key >= 500).Sum(s => s.Value), null, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}×{s.Key}")));

        Assert.True(cases.Count >= target, $"{cases.Count} requests");
        Assert.Empty(failures);
        Assert.Equal(eventsBefore, eventsAfter);
    }
}
