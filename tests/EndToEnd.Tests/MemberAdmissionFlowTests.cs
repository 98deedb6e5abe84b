using System.Diagnostics;
using System.Net;
using Alliance.Testing;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>The first cross-service flow, through the gateway: apply → admit → Governance's electorate and Compatibility's vendors.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MemberAdmissionFlowTests(PlatformFixture platform, ITestOutputHelper output)
{
    private readonly HttpClient _http = platform.Http;

    private async Task<Guid> Admit(string name, string tier = "general", string? correlation = null)
    {
        using var applied = await _http.Post("/api/members/applications",
            new { name, kind = "company", country = "CN", website = "https://www.example.cn", contactEmail = "office@example.cn" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var id = (Guid)(await applied.Read())["memberId"]!;
        using var admitted = await platform.Secretariat.Post($"/api/members/{id}/admission", new { tier }, correlationId: correlation);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        return id;
    }

    private async Task<bool> Listed(string url, Guid memberId) =>
        (await _http.GetNode($"{url}&member={memberId}"))["items"]!.AsArray().Any(m => (Guid)m!["memberId"]! == memberId);

    [Fact]
    public async Task An_admitted_member_appears_in_the_electorate_and_as_a_vendor_with_one_correlation_id_across_services()
    {
        var correlation = Guid.NewGuid().ToString();
        using var applied = await _http.Post("/api/members/applications",
            new { name = "Moore Threads", kind = "company", country = "CN", website = "https://www.mthreads.com", contactEmail = "office@mthreads.example.com" });
        var id = (Guid)(await applied.Read())["memberId"]!;
        Assert.Equal($"/api/members/{id}", applied.Headers.Location!.ToString());

        var clock = Stopwatch.StartNew();
        using var admitted = await platform.Secretariat.Post($"/api/members/{id}/admission", new { tier = "strategic" }, correlationId: correlation);
        await Eventually.True(async () => await Listed("/api/electorate?pageSize=200", id) && await Listed("/api/vendors?pageSize=200", id), "electorate and vendors");
        output.WriteLine($"admission visible in Governance and Compatibility after {clock.ElapsedMilliseconds} ms");

        var history = (await platform.Secretariat.GetNode($"/api/members/{id}/history")).AsArray();
        Assert.Equal(correlation, (string)history[1]!["correlationId"]!);
        Assert.Contains(correlation, platform.Governance.Log);
        Assert.Contains(correlation, platform.Compatibility.Log);
    }

    [Fact]
    public async Task Bad_input_through_the_gateway_is_a_problem_naming_the_field()
    {
        using var response = await _http.PostRaw("/api/members/applications", """{"name":"X","kind":"company","country":"CN","contactEmail":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await response.Read())["errors"]!["contactEmail"]);
    }

    [Fact]
    public async Task The_gateway_serves_each_services_openapi_document_and_reports_the_whole_platform_ready()
    {
        var registry = await _http.GetNode("/api/openapi/registry.json");
        var governance = await _http.GetNode("/api/openapi/governance.json");
        var ready = await _http.GetNode("/health/ready");

        Assert.NotNull(registry["paths"]!["/members/{id}/admission"]);
        Assert.NotNull(governance["paths"]!["/electorate"]);
        Assert.Equal("Healthy", (string)ready["status"]!);
        Assert.Equal(["Registry", "Governance", "Compatibility", "Transparency", "Market", "Notifications", "Portal"], ready["services"]!.AsObject().Select(s => s.Key));
        Assert.All(ready["services"]!.AsObject(), s => Assert.Equal("ready", (string)s.Value!));
    }

    [Fact]
    public async Task With_governance_down_admissions_are_accepted_and_it_catches_up_after_restart_without_loss_or_duplicates()
    {
        platform.Governance.Kill();
        await Eventually.True(async () => (await _http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "gateway not ready");

        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await Admit($"Offline Admission {i} {Guid.NewGuid():N}"));
        await Eventually.True(async () => (await Task.WhenAll(ids.Select(id => Listed("/api/vendors?pageSize=200", id)))).All(x => x), "vendors got them meanwhile");

        platform.Governance.Start();
        await platform.Governance.WaitUntilReady(platform.Direct);
        await Eventually.True(async () => (await Task.WhenAll(ids.Select(id => Listed("/api/electorate?pageSize=200", id)))).All(x => x), "electorate caught up");

        await using var db = new NpgsqlConnection(platform.Servers.ConnectionString("governance"));
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from electorate where member_id = any($1)", db) { Parameters = { new() { Value = ids.ToArray() } } };
        Assert.Equal(5L, (long)(await count.ExecuteScalarAsync())!);
        await using var registryDb = new NpgsqlConnection(platform.Servers.ConnectionString("registry"));
        await registryDb.OpenAsync();
        await using var admissions = new NpgsqlCommand("select id from mt_events where type = 'member_admitted'", registryDb);
        var eventIds = new List<Guid>();
        await using (var reader = await admissions.ExecuteReaderAsync())
            while (await reader.ReadAsync()) eventIds.Add(reader.GetGuid(0));
        // Every admission ever made in this platform (message id = event id) is handled by the electorate, once:
        // the processed-message key cannot hold a message twice, so nothing lost means exactly once.
        await Eventually.True(async () =>
        {
            await using var handled = new NpgsqlCommand(
                "select count(*) from processed_messages where consumer = 'electorate' and message_id = any($1)", db)
            { Parameters = { new() { Value = eventIds.ToArray() } } };
            return (long)(await handled.ExecuteScalarAsync())! == eventIds.Count;
        }, "every admission handled by the electorate");
    }
}
