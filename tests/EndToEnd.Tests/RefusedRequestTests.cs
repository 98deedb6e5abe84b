using System.Net;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Ballot requests of Compatibility that Governance cannot open, through RabbitMQ: each is answered with
/// BallotRequestRefused, the version returns to where it was with the reason (API, history, Portal), the secretariat
/// asks again once the committee has voters, and nothing is left in any _error queue.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RefusedRequestTests(PlatformFixture platform, ITestOutputHelper output)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    private async Task<(string Code, Guid StandardId)> Standard(Guid committee)
    {
        var code = CompatibilityFlowTests.NewCode();
        var created = await (await Sec.Post("/api/standards", new { code, title = "Alliance Compute Interface", committeeId = committee })).Read();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "2.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the suite" } } }))
            .EnsureSuccessStatusCode();
        return (code, (Guid)created["standardId"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Version(string code) => (await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!;

    [Fact]
    public async Task A_version_whose_committee_has_no_voting_seat_returns_to_draft_with_the_reason_and_is_ratified_once_the_committee_has_voters()
    {
        var committee = await _ballots.Committee("simple-majority", []);
        var (code, standardId) = await Standard(committee);

        using var requested = await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var answered = await Eventually.True(async () => (string)(await Version(code))["status"]! == "draft", "the version back to draft");
        output.WriteLine($"ratification refused and visible after {answered.TotalMilliseconds:0} ms");

        var refusal = (await Version(code))["lastRefusal"]!;
        Assert.Equal(("ratification", "ballot-needs-voters"), ((string)refusal["kind"]!, (string)refusal["rule"]!));
        Assert.Contains("voting seat", (string)refusal["reason"]!);
        var history = (await platform.Http.GetNode($"/api/standards/{standardId}/history")).AsArray();
        Assert.Equal(["standard_created", "standard_version_proposed", "standard_version_ratification_requested", "standard_version_ratification_request_refused"],
            history.Select(e => (string)e!["type"]!));
        Assert.Equal("ballot-needs-voters", (string)history[^1]!["data"]!["rule"]!);
        Assert.Equal((string)history[2]!["correlationId"]!, (string)history[^1]!["correlationId"]!);
        var page = await Portal($"/standards/{code}", "en");
        Assert.Contains("The ratification ballot could not be opened", page);
        Assert.Contains("the committee has no voting seat held by a member in good standing", page);
        Assert.Contains((string)refusal["reason"]!, page);
        Assert.Contains("未能发起批准表决", await Portal($"/standards/{code}", "zh-CN"));

        // The secretariat fixes the committee and asks again: a ballot opens, and its decision ratifies the version.
        var voters = await platform.Pool(2);
        foreach (var m in voters) (await Sec.Post($"/api/committees/{committee}/seats", new { memberId = m.MemberId, role = "voting" })).EnsureSuccessStatusCode();
        using var again = await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await _ballots.ApproveAndClose(await _ballots.BallotOn(committee, $"{code}/2.0"), voters);
        await Eventually.True(async () => (string)(await Version(code))["status"]! == "ratified", "ratified after the committee was fixed");
        Assert.Null((await Version(code))["lastRefusal"]);
        await platform.AssertNoDeadLetters();
    }

    [Fact]
    public async Task A_withdrawal_the_committee_cannot_vote_on_leaves_the_version_ratified_and_may_be_asked_again()
    {
        var committee = await _ballots.Committee("simple-majority", []);
        var (code, _) = await Standard(committee);
        (await Sec.Post($"/api/standards/{code}/versions/2.0/historical-ratification", new { effectiveAt = "2025-06-01T00:00:00Z", source = "refusal test" }))
            .EnsureSuccessStatusCode();

        using var requested = await Sec.Post($"/api/standards/{code}/versions/2.0/withdrawal-requests", new { reason = "Superseded" });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var answered = await Eventually.True(async () => (await Version(code))["lastRefusal"] is not null, "the withdrawal refused");
        output.WriteLine($"withdrawal refused and visible after {answered.TotalMilliseconds:0} ms");

        var version = await Version(code);
        Assert.Equal(("ratified", "withdrawal", "ballot-needs-voters"), ((string)version["status"]!, (string)version["lastRefusal"]!["kind"]!, (string)version["lastRefusal"]!["rule"]!));
        Assert.Null(version["pendingRequest"]);
        Assert.Contains("The withdrawal ballot could not be opened", await Portal($"/standards/{code}", "en"));
        using var again = await Sec.Post($"/api/standards/{code}/versions/2.0/withdrawal-requests", new { reason = "Superseded" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await platform.AssertNoDeadLetters();
    }

    /// <summary>A Portal page as HTML text in a language (character references decoded: the page encodes non-ASCII text).</summary>
    private async Task<string> Portal(string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await platform.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
