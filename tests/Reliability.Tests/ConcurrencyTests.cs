using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.Reliability.Tests;

/// <summary>Many conflicting commands on one aggregate at once: exactly the allowed ones succeed, the state stays consistent.</summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ConcurrencyTests(ChaosPlatform platform, ITestOutputHelper output)
{
    private async Task<Guid> Applied(string name)
    {
        using var response = await platform.Http.PostAsJsonAsync("/api/members/applications",
            new { name, kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" });
        return (Guid)(await response.Content.ReadFromJsonAsync<JsonObject>())!["memberId"]!;
    }

    private static async Task<HttpStatusCode[]> AtOnce(int n, Func<int, Task<HttpResponseMessage>> send)
    {
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, n).Select(async i =>
        {
            await gate.WaitAsync();
            using var response = await send(i);
            return response.StatusCode;
        }).ToList();
        gate.Release(n);
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task The_same_member_admitted_fifty_times_at_once_is_admitted_once()
    {
        var member = await Applied($"Race Admission {Guid.NewGuid():N}");

        var statuses = await AtOnce(50, _ => platform.Secretariat.PostAsJsonAsync($"/api/members/{member}/admission", new { tier = "general" }));

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}×{(int)g.Key}")));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(1, await platform.Count("registry", "select count(*) from mt_events where stream_id = $1 and type = 'member_admitted'", member));
        Figures.Record("concurrency: 50 admissions of one member", 50, statuses.Count(s => s == HttpStatusCode.OK), 1, "—", statuses.Count(s => (int)s >= 500), null, "49 × 409");
    }

    [Fact]
    public async Task A_hundred_renames_naming_the_same_version_let_exactly_one_through_and_the_rest_get_412()
    {
        var member = await Applied($"Race Rename {Guid.NewGuid():N}");
        using var current = await platform.Http.GetAsync($"/api/members/{member}");
        var etag = current.Headers.ETag!.Tag;

        var statuses = await AtOnce(100, i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/members/{member}/name") { Content = JsonContent.Create(new { name = $"Renamed {i} {Guid.NewGuid():N}" }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return platform.Secretariat.SendAsync(request);
        });

        output.WriteLine(string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}×{(int)g.Key}")));
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.Equal(99, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Equal(1, await platform.Count("registry", "select count(*) from mt_events where stream_id = $1 and type = 'member_renamed'", member));
        Figures.Record("concurrency: 100 renames with one If-Match", 100, 1, 1, "—", statuses.Count(s => (int)s >= 500), null, "99 × 412");
    }

    [Fact]
    public async Task A_hundred_concurrent_vote_changes_of_one_member_all_count_and_the_last_one_stands()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var actors = await Load.Prepare(platform, run);
        var (voter, client) = actors.Voters[0];
        string[] positions = ["yes", "no", "abstain"];

        var statuses = await AtOnce(100, i => client.PostAsJsonAsync($"/api/ballots/{actors.Ballot}/votes", new { position = positions[i % 3], reason = $"change {i}" }));

        // Votes of one ballot take turns on its stream: every change is recorded, none bounces.
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(100, await platform.Count("governance", "select count(*) from mt_events where stream_id = $1 and type = 'vote_cast'", actors.Ballot));
        var last = await platform.Count("governance", """
            select case data->>'Position' when 'yes' then 0 when 'no' then 1 else 2 end from mt_events
            where stream_id = $1 and type = 'vote_cast' order by version desc limit 1
            """, actors.Ballot);
        var votes = (await platform.Http.GetFromJsonAsync<JsonArray>($"/api/ballots/{actors.Ballot}/votes"))!;
        Assert.Equal(positions[last], (string)votes.Single(v => (Guid)v!["memberId"]! == voter)!["position"]!);
        Figures.Record("concurrency: 100 vote changes of one member", 100, 100, 100, "the last stored position is the one shown", statuses.Count(s => (int)s >= 500), null, "serialised per ballot");
    }
}
