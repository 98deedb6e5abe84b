using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests.Observability;

/// <summary>
/// One request that causes a cross-service effect is one trace: the services export their spans to a Zipkin
/// receiver in the test, and the admission of a member is followed from the gateway through Registry, the outbox
/// forwarder and RabbitMQ to Governance's consumer and its write of the electorate row.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TraceTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Admitting_a_member_is_one_trace_from_the_gateway_through_Registry_and_RabbitMQ_to_Governance()
    {
        using var applied = await platform.Http.Post("/api/members/applications",
            new { name = $"Traced Member {Guid.NewGuid():N}", kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" });
        var id = (Guid)(await applied.Read())["memberId"]!;
        // The caller's own span is the trace's root: the gateway continues a W3C traceparent it is sent.
        var trace = ActivityTraceId.CreateRandom();
        var caller = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/members/{id}/admission")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { tier = "general" }),
        };
        request.Headers.Add("traceparent", $"00-{trace}-{caller}-01");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            await AccessTokens.Get(platform.Http, AccessTokens.SecretariatClient, AccessTokens.SecretariatSecret));
        // Sent by a handler that propagates nothing: wherever this test process has an ActivityListener (an in-process
        // service's OpenTelemetry, for one), HttpClient would make a client span of its own and send its id as the
        // parent instead of the caller's, and the gateway's span would hang from a span nobody exported.
        using var untraced = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = new Uri(platform.Gateway.Url) };
        using var admitted = await untraced.SendAsync(request);
        output.WriteLine($"trace {trace}, caller's span {caller}");
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);

        // Woken by each batch the processes export (every 200 ms: PlatformFixture.Telemetry); the limit only bounds a failure.
        Chain? chain = null;
        IReadOnlyList<ReceivedSpan> spans = [];
        try
        {
            await platform.Zipkin.WaitFor(received =>
            {
                spans = received.Where(s => s.TraceId == trace.ToHexString()).ToList();
                chain = Chain.Find(spans, caller.ToHexString());
                return chain is not null;
            }, "the admission's spans from the gateway to Governance's electorate write", TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var span in spans) output.WriteLine($"{span} {string.Join(" ", span.Tags.Select(t => $"{t.Key}={t.Value}"))}");
        }

        // Each hop's span is a child of the one before it, and the process boundaries are crossed by direct links:
        // the gateway's outgoing call is the parent of Registry's server span, Registry's publish of Governance's receive.
        Assert.Equal("gateway", Parent(spans, chain!.RegistryServer)!.Service);
        Assert.Equal(chain.Publish, Ancestor(spans, chain.Consumer, "registry"));
    }

    /// <summary>The nearest ancestor of a span that another process emitted.</summary>
    private static ReceivedSpan? Ancestor(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan span, string service)
    {
        for (var s = Parent(spans, span); s is not null; s = Parent(spans, s))
            if (s.Service == service) return s;
        return null;
    }

    private static ReceivedSpan? Parent(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan span) => spans.FirstOrDefault(s => s.Id == span.ParentId);

    internal static bool Descends(IReadOnlyList<ReceivedSpan> spans, ReceivedSpan span, ReceivedSpan ancestor)
    {
        for (var s = Parent(spans, span); s is not null; s = Parent(spans, s))
            if (s.Id == ancestor.Id) return true;
        return false;
    }

    /// <summary>The hops of the admission, each a descendant of the one before.</summary>
    private sealed record Chain(ReceivedSpan Gateway, ReceivedSpan RegistryServer, ReceivedSpan Forward, ReceivedSpan Publish, ReceivedSpan Consumer, ReceivedSpan Write)
    {
        // Every candidate of each hop is tried, not the first: the admission's own trace can hold other spans of the
        // same kind (Registry's token check fetching the issuer's discovery document through the gateway is a
        // Registry SERVER span under the gateway's, on a fresh platform), and the first of them leads nowhere.
        public static Chain? Find(IReadOnlyList<ReceivedSpan> spans, string caller)
        {
            Func<ReceivedSpan, bool>[] hops =
            [
                s => s is { Service: "gateway", Kind: "SERVER" } && s.ParentId == caller,
                s => s is { Service: "registry", Kind: "SERVER" },
                s => s.Service == "registry" && s.Name == "outbox forward MemberAdmitted",
                s => s is { Service: "registry", Kind: "PRODUCER" },
                s => s is { Service: "governance", Kind: "CONSUMER" } && s.Name.StartsWith("governance-electorate", StringComparison.Ordinal),
                // Its read-model write: the PostgreSQL command under the electorate consumer's span that writes the row.
                s => s is { Service: "governance", Kind: "CLIENT" } && (s.Tags.TryGetValue("db.system.name", out var db) || s.Tags.TryGetValue("db.system", out db)) && db == "postgresql"
                    && (s.Tags.TryGetValue("db.query.text", out var sql) || s.Tags.TryGetValue("db.statement", out sql)) && sql.Contains("electorate (", StringComparison.Ordinal),
            ];
            List<ReceivedSpan>? From(ReceivedSpan? after, int hop)
            {
                if (hop == hops.Length) return [];
                foreach (var candidate in spans.Where(s => hops[hop](s) && (after is null || Descends(spans, s, after))))
                    if (From(candidate, hop + 1) is { } rest) return [candidate, .. rest];
                return null;
            }
            return From(null, 0) is [var gateway, var registry, var forward, var publish, var consumer, var write]
                ? new Chain(gateway, registry, forward, publish, consumer, write) : null;
        }
    }
}
