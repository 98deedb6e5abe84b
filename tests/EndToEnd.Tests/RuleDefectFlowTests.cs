using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The governance rules that are more than a count, through the gateway against the real processes: parameter
/// overrides, seats that follow a member's tier (Registry's message through RabbitMQ), affiliation groups in
/// the tally, and correction ballots in the decision log.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RuleDefectFlowTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _flows = new(platform);
    private HttpClient Sec => platform.Secretariat;

    private async Task<int> BallotsOf(Guid committee) => (int)(await platform.Http.GetNode($"/api/ballots?committee={committee}"))["total"]!;

    [Fact]
    public async Task An_unknown_parameter_override_is_refused_with_400_naming_the_key_and_opens_nothing()
    {
        var pool = await platform.Pool(2);
        var committee = await _flows.Committee("apache-release", pool.Select(m => (m, true)));

        using var refused = await Sec.Post("/api/ballots", new
        {
            committeeId = committee,
            title = "Release 1.0",
            question = "Release 1.0?",
            profile = "apache-release",
            parameters = new { countNonBinding = true, quorum = "1/2" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = (await refused.Read())["errors"]!.AsObject();
        Assert.Equal(["parameters.quorum"], errors.Select(e => e.Key));
        Assert.Equal(0, await BallotsOf(committee));
    }

    [Fact]
    public async Task A_member_moved_to_the_observer_tier_holds_observer_seats_from_then_on_and_open_ballots_keep_their_electorate()
    {
        var moving = await platform.Member($"Moving Co {Guid.NewGuid():N}");
        var seat = new PlatformFixture.PoolMember(moving.MemberId, "Moving Co", moving.Client);
        var other = (await platform.Pool(1))[0];
        var committee = await _flows.Committee("simple-majority", [(seat, true), (other, true)]);
        var before = await _flows.Open(committee, "simple-majority");

        (await Sec.Post($"/api/members/{moving.MemberId}/tier", new { tier = "observer" })).EnsureSuccessStatusCode();

        // Registry's MemberTierChanged reaches Governance through RabbitMQ; the seat follows the tier.
        await Eventually.True(async () => (await Seat(committee, moving.MemberId))["role"]!.GetValue<string>() == "observer", "the seat became an observer seat");
        var changed = await Seat(committee, moving.MemberId);
        Assert.False((bool)changed["binding"]!);
        var history = (await platform.Http.GetNode($"/api/committees/{committee}/history")).AsArray();
        Assert.Contains(history, e => (string)e!["type"]! == "seat_assigned" && e["data"]?["reason"]?.ToString().Contains("observer tier") == true);

        // The ballot opened before keeps its frozen electorate, and the member's vote there still counts.
        var open = await platform.Http.GetNode($"/api/ballots/{before}");
        Assert.Contains(open["electorate"]!.AsArray(), e => (Guid)e!["memberId"]! == moving.MemberId);
        using var vote = await moving.Client.Post($"/api/ballots/{before}/votes", new { position = "yes" });
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Equal(1, (int)(await platform.Http.GetNode($"/api/ballots/{before}"))["tally"]!["yes"]!);

        // A ballot opened now does not count it; its vote there is refused.
        var after = await _flows.Open(committee, "simple-majority");
        var electorate = (await platform.Http.GetNode($"/api/ballots/{after}"))["electorate"]!.AsArray();
        Assert.Equal([other.MemberId], electorate.Select(e => (Guid)e!["memberId"]!));
        using var refused = await moving.Client.Post($"/api/ballots/{after}/votes", new { position = "yes" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Seat(Guid committee, Guid member) =>
        (await platform.Http.GetNode($"/api/committees/{committee}"))["seats"]!.AsArray().Single(s => (Guid)s!["memberId"]! == member)!;

    [Fact]
    public async Task Council_ballots_of_one_affiliation_count_once_when_identical_and_each_when_different()
    {
        var pool = await platform.Pool(5);
        var groups = new Dictionary<Guid, string> { [pool[0].MemberId] = "Acme group", [pool[1].MemberId] = "Acme group", [pool[2].MemberId] = "Acme group" };
        var committee = await _flows.Committee("w3c-council", pool.Select(m => (m, true)), groups: groups);
        var ballot = await _flows.Open(committee, "w3c-council");
        string[] positions = ["for", "for", "against", "for", "abstain"];
        foreach (var (m, p) in pool.Zip(positions)) (await m.Client.Post($"/api/ballots/{ballot}/votes", new { position = p })).EnsureSuccessStatusCode();

        using var closed = await Sec.PostAsync($"/api/ballots/{ballot}/closure", null);

        var body = await closed.Read();
        Assert.Equal("approved", (string)body["outcome"]!);  // for: Acme (two identical, one vote) + 1 = 2; against: Acme's other ballot = 1
        Assert.Equal((2, 1, 1, 0, 1), ((int)body["tally"]!["yes"]!, (int)body["tally"]!["no"]!, (int)body["tally"]!["abstain"]!,
            (int)body["tally"]!["invalid"]!, (int)body["tally"]!["merged"]!));
    }

    [Fact]
    public async Task A_correction_ballot_names_the_decision_it_corrects_and_the_log_links_both_ways()
    {
        var pool = await platform.Pool(2);
        var committee = await _flows.Committee("simple-majority", pool.Select(m => (m, true)));
        var first = await _flows.Open(committee, "simple-majority");
        await _flows.ApproveAndClose(first, pool);
        var corrected = (Guid)(await platform.Http.GetNode($"/api/decisions?subjectReference={first}"))["items"]![0]!["decisionId"]!;

        using var unknown = await OpenCorrection(committee, Guid.NewGuid());
        // Two correction ballots asked for at the same moment: one opens, the other is refused.
        var both = await Task.WhenAll(OpenCorrection(committee, corrected), OpenCorrection(committee, corrected));
        using var later = await OpenCorrection(committee, corrected);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Read())["errors"]!.AsObject().ContainsKey("corrects"));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        var opened = both.Single(r => r.StatusCode == HttpStatusCode.Created);
        var correction = (Guid)(await opened.Read())["ballotId"]!;
        Assert.Contains((string)(await both.Single(r => r.StatusCode == HttpStatusCode.Conflict).Read())["rule"]!, new[] { "correction-already-open", "concurrent-change" });
        foreach (var r in both) r.Dispose();
        Assert.Equal(HttpStatusCode.Conflict, later.StatusCode);
        Assert.Equal("correction-already-open", (string)(await later.Read())["rule"]!);
        Assert.Equal(1, (int)(await platform.Http.GetNode($"/api/ballots?committee={committee}&status=open"))["total"]!);
        Assert.Equal(corrected, (Guid)(await platform.Http.GetNode($"/api/ballots/{correction}"))["corrects"]!);
        var firstHistory = (await platform.Http.GetNode($"/api/ballots/{first}/history")).AsArray().Select(e => (string)e!["type"]!);
        Assert.Equal("correction_opened", firstHistory.Last());

        await _flows.ApproveAndClose(correction, pool);

        var correcting = (await platform.Http.GetNode($"/api/decisions?subjectReference={correction}"))["items"]![0]!;
        Assert.Equal(corrected, (Guid)correcting["corrects"]!);
        var original = await platform.Http.GetNode($"/api/decisions/{corrected}");
        Assert.Equal((Guid)correcting["decisionId"]!, (Guid)original["correctedBy"]!);
        // The Portal's decision log links both ways, in the reader's language.
        var log = await new HttpClient().GetStringAsync(platform.Gateway.Url + "/decisions");
        string Article(Guid id) => System.Text.RegularExpressions.Regex.Match(log, $"<article aria-labelledby=\"d-{id}\">(.*?)</article>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"<a href=\"#d-{corrected}\">Corrects an earlier decision</a>", Article((Guid)correcting["decisionId"]!));
        Assert.Contains($"<a href=\"#d-{(Guid)correcting["decisionId"]!}\">Replaced by a correction</a>", Article(corrected));
        using var again = await OpenCorrection(committee, corrected);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("decision-already-corrected", (string)(await again.Read())["rule"]!);
    }

    private Task<HttpResponseMessage> OpenCorrection(Guid committee, Guid decision) =>
        Sec.Post("/api/ballots", new
        {
            committeeId = committee,
            title = "Correct the ACI 2.0 decision",
            question = "The count missed a vote: ratify ACI 2.0?",
            profile = "simple-majority",
            corrects = decision,
            closesAt = DateTimeOffset.UtcNow.AddDays(7),
        });
}
