using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alliance.Testing;

namespace Alliance.Reliability.Tests;

/// <summary>
/// A mixed load through the gateway, as careful clients send it: every command carries an Idempotency-Key and
/// is retried with the same key after a connection error, a timeout or a 5xx, until it gets an answer. Each
/// command records what it finally got, so the store can be checked against what the clients were told.
/// </summary>
public sealed class Load(ChaosPlatform platform, string run)
{
    public sealed record Outcome(string Kind, Guid Id, string Marker, int Status, bool Applied, Guid? Resource, int Attempts, int ServerErrors, double Seconds, string? Refusal = null)
    {
        public DateTimeOffset Finished { get; } = DateTimeOffset.UtcNow;
    }

    public sealed record Actors(IReadOnlyList<(Guid Member, HttpClient Client)> Voters, Guid Ballot, Guid Product, string Standard, HttpClient Vendor);

    private static readonly string[] Kinds = ["apply", "apply", "apply", "admit", "admit", "vote", "vote", "project", "project", "certify"];
    private readonly ConcurrentQueue<Guid> _applied = new();
    public ConcurrentBag<Outcome> Outcomes { get; } = [];
    public int Done => Outcomes.Count;

    /// <summary>Members, a committee with an open ballot, a vendor with a product and a standard version to certify against.</summary>
    public static async Task<Actors> Prepare(ChaosPlatform platform, string run)
    {
        var voters = new List<(Guid, HttpClient)>();
        for (var i = 0; i < 3; i++) voters.Add(await Member(platform, $"Chaos Voter {run} {i}", "member"));
        var (vendorId, vendor) = await Member(platform, $"Chaos Vendor {run}", "member-admin");
        var sec = platform.Secretariat;
        await Arrivals.InElectorate(platform.Http, voters.Select(v => v.Item1));
        var committee = await Created(await sec.PostAsJsonAsync("/api/committees", new { name = $"Chaos committee {run}", purpose = "standards", defaultProfile = "simple-majority" }), "committeeId");
        foreach (var (member, _) in voters) (await sec.PostAsJsonAsync($"/api/committees/{committee}/seats", new { memberId = member, role = "voting", binding = true })).EnsureSuccessStatusCode();
        var ballot = await Created(await sec.PostAsJsonAsync("/api/ballots", new { committeeId = committee, title = "Chaos ballot", question = "Keep going?", profile = "simple-majority", closesAt = DateTimeOffset.UtcNow.AddDays(7) }), "ballotId");
        var code = "CH" + run.ToUpperInvariant()[..6];
        (await sec.PostAsJsonAsync("/api/standards", new { code, title = "Chaos standard", committeeId = committee, validity = new { kind = "none" } })).EnsureSuccessStatusCode();
        (await sec.PostAsJsonAsync($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Survives" } }, prerequisites = Array.Empty<object>() })).EnsureSuccessStatusCode();
        await Arrivals.InVendorDirectory(platform.Http, vendorId);
        var product = await Created(await vendor.PostAsJsonAsync("/api/products", new { vendorId, name = $"Chaos Box {run}", type = "server" }), "productId");
        return new Actors(voters, ballot, product, code, vendor);
    }

    private static async Task<(Guid, HttpClient)> Member(ChaosPlatform platform, string name, string role)
    {
        var id = await Created(await platform.Http.PostAsJsonAsync("/api/members/applications",
            new { name, kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" }), "memberId");
        (await platform.Secretariat.PostAsJsonAsync($"/api/members/{id}/admission", new { tier = "general" })).EnsureSuccessStatusCode();
        var issued = await (await platform.Secretariat.PostAsJsonAsync($"/api/members/{id}/credentials", new { role })).Content.ReadFromJsonAsync<JsonObject>();
        return (id, platform.Client(await AccessTokens.Get(platform.Http, (string)issued!["clientId"]!, (string)issued["clientSecret"]!)));
    }

    private static async Task<Guid> Created(HttpResponseMessage response, string field)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (Guid)(await response.Content.ReadFromJsonAsync<JsonObject>())![field]!;
        }
    }

    /// <summary>Sends n commands with the given concurrency; returns when every one has its final answer.</summary>
    /// <summary>Pace: a pause between two commands of one worker, so that a load spans an outage.</summary>
    public async Task Run(Actors actors, int n, int concurrency = 8, TimeSpan? patience = null, TimeSpan? pace = null)
    {
        var next = -1;
        using var anonymous = new HttpClient { BaseAddress = platform.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                Outcomes.Add(await Send(Command(i, actors, anonymous), patience ?? TimeSpan.FromSeconds(120)));
                if (pace is { } pause) await Task.Delay(pause);
            }
        }));
    }

    private sealed record Request(string Kind, Guid Id, string Marker, HttpClient Client, string Url, object Body);

    private Request Command(int i, Actors a, HttpClient anonymous)
    {
        var id = Guid.NewGuid();
        var marker = $"Chaos {run} {id:N}";
        var kind = Kinds[i % Kinds.Length];
        var member = Guid.Empty;
        if (kind == "admit" && !_applied.TryDequeue(out member)) kind = "apply";
        var voter = a.Voters[i % a.Voters.Count];
        return kind switch
        {
            "apply" => new(kind, id, marker, anonymous, "/api/members/applications",
                new { name = marker, kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" }),
            "admit" => new(kind, id, member.ToString(), platform.Secretariat, $"/api/members/{member}/admission", new { tier = "general" }),
            "vote" => new(kind, id, marker, voter.Client, $"/api/ballots/{a.Ballot}/votes", new { position = (i / 10 % 3) switch { 0 => "yes", 1 => "no", _ => "abstain" }, reason = marker }),
            "project" => new(kind, id, marker, voter.Client, "/api/projects", new
            {
                title = marker,
                summary = "Load under faults",
                leadMemberId = voter.Member,
                researchAreas = new[] { "reliability" },
                partners = new[] { new { memberId = a.Voters[(i + 1) % a.Voters.Count].Member, role = "partner" } },
                plannedStart = DateOnly.FromDateTime(DateTime.UtcNow),
                plannedEnd = DateOnly.FromDateTime(DateTime.UtcNow.AddYears(1)),
                ipPolicy = "open",
            }),
            _ => new("certify", id, marker, a.Vendor, "/api/certifications", new
            {
                productId = a.Product,
                productVersion = marker,
                standard = a.Standard,
                version = "1.0",
                results = new[] { new { requirementId = "R1", outcome = "pass" } },
            }),
        };
    }

    private async Task<Outcome> Send(Request r, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        var (attempts, serverErrors) = (0, 0);
        while (true)
        {
            attempts++;
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, r.Url) { Content = JsonContent.Create(r.Body, options: JsonSerializerOptions.Web) };
                message.Headers.Add("Idempotency-Key", r.Id.ToString());
                using var response = await r.Client.SendAsync(message);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (status == 500) serverErrors++;
                if (status is >= 200 and < 300)
                {
                    var resource = Resource(r.Kind, body);
                    if (r.Kind == "apply" && resource is { } applied) _applied.Enqueue(applied);
                    return new(r.Kind, r.Id, r.Marker, status, true, resource, attempts, serverErrors, clock.Elapsed.TotalSeconds);
                }
                if (status == 409 && body.Contains("Request already applied", StringComparison.Ordinal))
                    return new(r.Kind, r.Id, r.Marker, status, true, null, attempts, serverErrors, clock.Elapsed.TotalSeconds);
                var retry = status >= 500 || status == 429 || (status == 409 && body.Contains("Request in progress", StringComparison.Ordinal));
                if (!retry || clock.Elapsed > patience) return new(r.Kind, r.Id, r.Marker, status, false, null, attempts, serverErrors, clock.Elapsed.TotalSeconds, body.Length > 300 ? body[..300] : body);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (clock.Elapsed > patience) return new(r.Kind, r.Id, r.Marker, 0, false, null, attempts, serverErrors, clock.Elapsed.TotalSeconds);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempts)));
        }
    }

    private static Guid? Resource(string kind, string body)
    {
        var field = kind switch { "apply" => "memberId", "project" => "projectId", "certify" => "certificationId", _ => null };
        return field is not null && JsonNode.Parse(body)?[field] is { } value ? (Guid)value : null;
    }

    public IEnumerable<Outcome> Accepted(string kind) => Outcomes.Where(o => o.Kind == kind && o.Applied);

    /// <summary>The commands refused, by kind and status, with one refusal each: for the test's output.</summary>
    public string Refusals() => string.Join("\n", Outcomes.Where(o => !o.Applied).GroupBy(o => (o.Kind, o.Status))
        .Select(g => $"{g.Key.Kind} {g.Key.Status} ×{g.Count()}: {g.First().Refusal}"));
}
