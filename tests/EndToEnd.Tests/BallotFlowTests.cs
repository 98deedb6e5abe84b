using System.Net;
using Alliance.Governance.Tests.Ballots;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Committees, seats, ballots, votes and decisions through the gateway, against the real processes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BallotFlowTests(PlatformFixture platform)
{
    private HttpClient Sec => platform.Secretariat;

    /// <summary>A committee whose voting seats are the given members (binding or not); the electorate is known to Governance.</summary>
    internal async Task<Guid> Committee(string profile, IEnumerable<(PlatformFixture.PoolMember Member, bool Binding)> seats, Guid? chair = null, string purpose = "standards",
        IReadOnlyDictionary<Guid, string>? groups = null)
    {
        var seatList = seats.ToList();
        await Arrivals.InElectorate(platform.Http, seatList.Select(s => s.Member.MemberId));
        using var created = await Sec.Post("/api/committees", new { name = $"Committee {Guid.NewGuid():N}", purpose, defaultProfile = profile, chairMemberId = chair });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (Guid)(await created.Read())["committeeId"]!;
        foreach (var (member, binding) in seatList)
        {
            using var seat = await Sec.Post($"/api/committees/{id}/seats", new { memberId = member.MemberId, role = "voting", binding, group = groups?.GetValueOrDefault(member.MemberId) });
            Assert.Equal(HttpStatusCode.OK, seat.StatusCode);
        }
        return id;
    }

    /// <summary>The secretariat opens a ballot; without closesAt it runs the profile's usual period. A closing time under the
    /// profile's minimum needs overrideReason, which the ballot's history records.</summary>
    internal async Task<Guid> Open(Guid committee, string profile, object? parameters = null, DateTimeOffset? closesAt = null, bool earlyClose = false,
        string? overrideReason = null)
    {
        using var opened = await Sec.Post("/api/ballots", new
        {
            committeeId = committee,
            title = "Ratify ACI 2.0",
            question = "Ratify ACI 2.0 as an alliance standard?",
            subjectKind = "generic",
            profile,
            parameters,
            closesAt,
            earlyClose,
            overrideReason,
        });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        return (Guid)(await opened.Read())["ballotId"]!;
    }

    /// <summary>The open ballot Governance opened on a subject another service asked about.</summary>
    internal async Task<Guid> BallotOn(Guid committee, string reference)
    {
        Guid id = default;
        await Eventually.True(async () =>
        {
            var ballot = (await platform.Http.GetNode($"/api/ballots?committee={committee}&status=open"))["items"]!.AsArray().FirstOrDefault(b => (string)b!["subjectReference"]! == reference);
            if (ballot is not null) id = (Guid)ballot["ballotId"]!;
            return ballot is not null;
        }, $"a ballot on {reference}");
        return id;
    }

    /// <summary>
    /// The open ballot on a subject whichever committee Governance chose: a request that names a purpose goes to the
    /// oldest committee of that purpose, which may be another test's (the tests seat the same pool members in each).
    /// </summary>
    internal async Task<Guid> BallotOnAny(string subjectKind, string reference)
    {
        Guid id = default;
        await Eventually.True(async () =>
        {
            var ballot = (await platform.Http.GetNode($"/api/ballots?status=open&subjectKind={subjectKind}&pageSize=200"))["items"]!.AsArray().FirstOrDefault(b => (string)b!["subjectReference"]! == reference);
            if (ballot is not null) id = (Guid)ballot["ballotId"]!;
            return ballot is not null;
        }, $"a ballot on {reference}");
        return id;
    }

    /// <summary>Every voter votes yes, then the secretariat closes the ballot.</summary>
    internal async Task ApproveAndClose(Guid ballot, IEnumerable<PlatformFixture.PoolMember> voters)
    {
        foreach (var m in voters) (await m.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        (await Sec.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
    }

    public static TheoryData<WorkedCase> Cases => new(WorkedCase.All);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_worked_case_reaches_its_outcome_over_http(WorkedCase c)
    {
        var caseSeats = c.Seats();
        var binding = caseSeats.Count(s => s.Binding);
        var pool = await platform.Pool(caseSeats.Count);
        var seats = pool.Select((m, i) => (m, caseSeats[i].Binding)).ToList();
        var groups = pool.Select((m, i) => (m.MemberId, caseSeats[i].Group)).Where(g => g.Group is not null).ToDictionary(g => g.MemberId, g => g.Group!);
        var committee = await Committee(c.Profile, seats, groups: groups);
        var ballot = await Open(committee, c.Profile, c.Parameters.Count > 0 ? c.Parameters : null);
        if (c.Present is not null || c.Profile.EndsWith("-meeting", StringComparison.Ordinal) || c.Parameters.ContainsKey("meeting"))
        {
            using var attendance = await Sec.Post($"/api/ballots/{ballot}/attendance", new { present = pool.Take(c.Present ?? binding).Select(m => m.MemberId) });
            Assert.Equal(HttpStatusCode.OK, attendance.StatusCode);
        }

        var votes = caseSeats.Select((s, i) => (Member: pool[i], s.Position)).Where(v => v.Position is not null).Select(v => (v.Member, Position: v.Position!));
        await Parallel.ForEachAsync(votes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (v, _) =>
        {
            using var cast = await v.Member.Client.Post($"/api/ballots/{ballot}/votes",
                new { position = v.Position, reason = c.Unreasoned.Contains(v.Position) ? null : "technical reasons" });
            Assert.True(cast.StatusCode == HttpStatusCode.OK, await cast.Content.ReadAsStringAsync());
        });
        using var closed = await Sec.PostAsync($"/api/ballots/{ballot}/closure", null);

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var body = await closed.Read();
        Assert.Equal(c.Expected, (string)body["outcome"]!);
        Assert.Contains("Outcome:", (string)body["explanation"]!);
    }

    [Fact]
    public async Task A_tie_goes_to_the_chair_whose_decision_reaches_the_decision_log()
    {
        var pool = await platform.Pool(4);
        var chair = await platform.Member($"Chair Co {Guid.NewGuid():N}");
        var committee = await Committee("w3c-council", pool.Select(m => (m, true)), chair.MemberId);
        var ballot = await Open(committee, "w3c-council");
        foreach (var (m, i) in pool.Select((m, i) => (m, i))) (await m.Client.Post($"/api/ballots/{ballot}/votes", new { position = i < 2 ? "for" : "against" })).EnsureSuccessStatusCode();
        (await Sec.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();

        using var notChair = await pool[0].Client.Post($"/api/ballots/{ballot}/chair-decision", new { outcome = "approved", reason = "I say so" });
        using var decided = await chair.Client.Post($"/api/ballots/{ballot}/chair-decision", new { outcome = "approved", reason = "Consistent with the charter" });

        Assert.Equal(HttpStatusCode.Forbidden, notChair.StatusCode);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var log = await platform.Http.GetNode("/api/decisions?pageSize=200");
        var decision = log["items"]!.AsArray().Single(d => (Guid)d!["ballotId"]! == ballot)!;
        Assert.Equal("approved", (string)decision["outcome"]!);
        Assert.Contains("The chair decided: approved", (string)decision["explanation"]!);
        var atom = await platform.Http.GetStringAsync("/api/decisions.atom");
        Assert.Contains($"urn:uuid:{decision["decisionId"]}", atom);
    }

    [Fact]
    public async Task Only_seated_members_vote_for_themselves_and_a_closed_ballot_never_changes()
    {
        var pool = await platform.Pool(3);
        var outsider = await platform.Member($"Outsider {Guid.NewGuid():N}");
        var committee = await Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await Open(committee, "simple-majority");

        using var notSeated = await outsider.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" });
        using var forAnother = await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { memberId = pool[1].MemberId, position = "yes" });
        using var badPosition = await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "+1" });
        using var bySecretariat = await Sec.Post($"/api/ballots/{ballot}/votes", new { position = "yes" });
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "no" })).EnsureSuccessStatusCode();
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode(); // the latest counts
        (await Sec.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
        using var late = await pool[1].Client.Post($"/api/ballots/{ballot}/votes", new { position = "no" });
        using var again = await Sec.PostAsync($"/api/ballots/{ballot}/closure", null);

        Assert.Equal(HttpStatusCode.Forbidden, notSeated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forAnother.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPosition.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySecretariat.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var view = await platform.Http.GetNode($"/api/ballots/{ballot}");
        Assert.Equal("approved", (string)view["outcome"]!);
        Assert.Equal(1, (int)view["tally"]!["yes"]!);
        var history = (await platform.Http.GetNode($"/api/ballots/{ballot}/history")).AsArray().Select(e => (string)e!["type"]!).ToList();
        Assert.Equal(["ballot_opened", "vote_cast", "vote_cast", "ballot_closed", "decision_reached"], history);
    }

    [Fact]
    public async Task Observer_tier_members_get_no_voting_seat_and_committees_are_the_secretariats()
    {
        var observer = await platform.Member($"Observer Org {Guid.NewGuid():N}", tier: "observer");
        var pool = await platform.Pool(1);
        var committee = await Committee("simple-majority", pool.Select(m => (m, true)));
        await Arrivals.InElectorate(platform.Http, [observer.MemberId]);

        using var voting = await Sec.Post($"/api/committees/{committee}/seats", new { memberId = observer.MemberId, role = "voting" });
        using var watching = await Sec.Post($"/api/committees/{committee}/seats", new { memberId = observer.MemberId, role = "observer" });
        using var byMember = await pool[0].Client.Post("/api/committees", new { name = "Shadow", purpose = "general", defaultProfile = "simple-majority" });

        Assert.Equal(HttpStatusCode.Conflict, voting.StatusCode);
        Assert.Equal("observer-tier-cannot-vote", (string)(await voting.Read())["rule"]!);
        Assert.Equal(HttpStatusCode.OK, watching.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        var ballot = await Open(committee, "simple-majority");
        using var observerVote = await observer.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" });
        Assert.Equal(HttpStatusCode.Forbidden, observerVote.StatusCode);
    }

    [Fact]
    public async Task Gitvote_closes_early_once_the_outcome_can_no_longer_change()
    {
        var pool = await platform.Pool(5);
        var committee = await Committee("cncf-gitvote", pool.Select(m => (m, true)));
        var ballot = await Open(committee, "cncf-gitvote", earlyClose: true);

        for (var i = 0; i < 3; i++) (await pool[i].Client.Post($"/api/ballots/{ballot}/votes", new { position = "in-favour" })).EnsureSuccessStatusCode();
        Assert.Equal("open", (string)(await platform.Http.GetNode($"/api/ballots/{ballot}"))["status"]!); // 3/5 = 60 % < 66 %: still open
        using var fourth = await pool[3].Client.Post($"/api/ballots/{ballot}/votes", new { position = "in-favour" });

        Assert.True((bool)(await fourth.Read())["closed"]!); // 4/5 = 80 % whatever the fifth does
        var view = await platform.Http.GetNode($"/api/ballots/{ballot}");
        Assert.Equal("decided", (string)view["status"]!);
        Assert.Equal("approved", (string)view["outcome"]!);
    }

    [Fact]
    public async Task The_secretariat_sets_a_committees_ballot_policy_and_only_it_departs_from_it_with_a_recorded_reason()
    {
        var pool = await platform.Pool(2);
        var committee = await Committee("simple-majority", pool.Select(m => (m, true)));
        var policy = new { profile = "two-thirds-of-cast", periodDays = 10, reason = "Charter §4: generic questions need two thirds" };

        using var byMember = await pool[0].Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/committees/{committee}/ballot-policy/generic") { Content = System.Net.Http.Json.JsonContent.Create(policy) });
        using var set = await Sec.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/committees/{committee}/ballot-policy/generic") { Content = System.Net.Http.Json.JsonContent.Create(policy) });
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var kinds = (await platform.Http.GetNode($"/api/committees/{committee}/ballot-policy")).AsArray();
        var generic = kinds.Single(k => (string)k!["subjectKind"]! == "generic")!;
        Assert.Equal(("two-thirds-of-cast", 10, "set"), ((string)generic["profile"]!, (int)generic["periodDays"]!, (string)generic["source"]!));
        Assert.Equal("simple-majority", (string)kinds.Single(k => (string)k!["subjectKind"]! == "project-approval")!["profile"]!);
        var history = (await platform.Http.GetNode($"/api/committees/{committee}/history")).AsArray();
        Assert.Equal("ballot_policy_set", (string)history[^1]!["type"]!);
        Assert.Equal(history.Count, (int)(await platform.Http.GetNode($"/api/committees/{committee}"))["version"]!); // the ETag follows the stream

        var before = DateTimeOffset.UtcNow;
        using var byPolicy = await Sec.Post("/api/ballots", new { committeeId = committee, title = "Adopt the roadmap", question = "Adopt it?" });
        var opened = await byPolicy.Read();
        Assert.Equal("two-thirds-of-cast", (string)opened["profile"]!);
        Assert.InRange((DateTimeOffset)opened["closesAt"]!, before.AddDays(10), DateTimeOffset.UtcNow.AddDays(10));

        var ask = new { committeeId = committee, title = "Adopt the roadmap", question = "Adopt it?", profile = "simple-majority", closesAt = DateTimeOffset.UtcNow.AddMinutes(1) };
        using var withoutReason = await Sec.Post("/api/ballots", ask);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        var errors = (await withoutReason.Read())["errors"]!.AsObject();
        Assert.Equal(["closesAt", "overrideReason", "profile"], errors.Select(e => e.Key).Order());
        using var withReason = await Sec.Post("/api/ballots", new { ask.committeeId, ask.title, ask.question, ask.profile, ask.closesAt, overrideReason = "The board asked for a same-day answer" });
        Assert.Equal(HttpStatusCode.Created, withReason.StatusCode);
        var ballot = (Guid)(await withReason.Read())["ballotId"]!;
        var overridden = (await platform.Http.GetNode($"/api/ballots/{ballot}/history")).AsArray().Single(e => (string)e!["type"]! == "ballot_rules_overridden")!;
        Assert.Equal("The board asked for a same-day answer", (string)overridden["data"]!["reason"]!);
        Assert.Equal("two-thirds-of-cast", (string)overridden["data"]!["policyProfile"]!);
        Assert.StartsWith("secretariat/", (string)overridden["actor"]!);
    }

    /// <summary>What one caller sees of a secret ballot's votes, in /votes and in the history's vote_cast entries.</summary>
    private async Task<(List<string> Votes, List<string> History, string Raw)> SecretView(HttpClient client, Guid ballot)
    {
        using var votesResponse = await client.GetAsync($"/api/ballots/{ballot}/votes");
        Assert.Equal(HttpStatusCode.OK, votesResponse.StatusCode);
        Assert.Contains("no-store", votesResponse.Headers.CacheControl?.ToString());
        var votes = (await votesResponse.Read()).AsArray().Select(v => $"{v!["memberId"]}:{v["position"]}").ToList();
        var raw = await client.GetStringAsync($"/api/ballots/{ballot}/history");
        var cast = System.Text.Json.Nodes.JsonNode.Parse(raw)!.AsArray().Where(e => (string)e!["type"]! == "vote_cast").ToList();
        Assert.Equal(3, cast.Count); // turnout is not secret: every vote keeps its place
        var history = cast.Where(e => e!["data"]!["position"] is not null).Select(e => $"{e!["data"]!["memberId"]}:{e["data"]!["position"]}").ToList();
        Assert.All(cast.Where(e => e!["data"]!["position"] is null), e => Assert.True(e!["data"]!["memberId"] is null && e["actor"] is null && e["data"]!["reason"] is null));
        return (votes, history, raw);
    }

    [Fact]
    public async Task A_secret_ballot_never_shows_who_voted_what_not_even_after_close_only_counts_and_each_voters_own_position()
    {
        var pool = await platform.Pool(3);
        var (a, b, other) = (pool[0], pool[1], pool[2]);
        var committee = await Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await Open(committee, "simple-majority", new { secret = true });
        (await a.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        (await a.Client.Post($"/api/ballots/{ballot}/votes", new { position = "no", reason = "my own reasons" })).EnsureSuccessStatusCode();
        (await b.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();

        async Task Check(string when)
        {
            foreach (var (who, client) in new[] { ("anonymous", platform.Http), ("secretariat", Sec), ("a member that did not vote", other.Client) })
            {
                var seen = await SecretView(client, ballot);
                Assert.True(seen.Votes.Count == 0 && seen.History.Count == 0, $"{when}, {who} saw {string.Join(", ", seen.Votes.Concat(seen.History))}");
                Assert.DoesNotContain("my own reasons", seen.Raw);
            }
            var mine = await SecretView(a.Client, ballot);
            Assert.Equal([$"{a.MemberId}:no"], mine.Votes);
            Assert.Equal([$"{a.MemberId}:yes", $"{a.MemberId}:no"], mine.History); // its own changes, to itself
            Assert.Contains("my own reasons", mine.Raw);
            var theirs = await SecretView(b.Client, ballot);
            Assert.Equal([$"{b.MemberId}:yes"], theirs.Votes);
            Assert.Equal([$"{b.MemberId}:yes"], theirs.History);
        }

        await Check("while open");
        Assert.Null((await platform.Http.GetNode($"/api/ballots/{ballot}"))["tally"]);
        (await Sec.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
        await Check("after close");
        var closed = await platform.Http.GetNode($"/api/ballots/{ballot}");
        Assert.Equal((1, 1), ((int)closed["tally"]!["yes"]!, (int)closed["tally"]!["no"]!));
    }

    [Fact]
    public async Task A_member_suspended_while_a_ballot_is_open_cannot_vote_on_it()
    {
        var member = await platform.Member($"Soon Suspended {Guid.NewGuid():N}", "member-admin");
        var other = (await platform.Pool(1))[0];
        var seat = new PlatformFixture.PoolMember(member.MemberId, "Soon Suspended", member.Client);
        var committee = await Committee("simple-majority", [(seat, true), (other, true)]);
        var ballot = await Open(committee, "simple-majority");

        (await Sec.Post($"/api/members/{member.MemberId}/suspension", new { reason = "Audit pending" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => (await platform.Http.GetNode($"/api/electorate?member={member.MemberId}"))["items"]!.AsArray()
            .Any(e => (string)e!["status"]! == "suspended"), "Governance knows of the suspension");

        // Its open token is refused; a fresh one is not issued at all.
        using var vote = await member.Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" });

        Assert.Equal(HttpStatusCode.Unauthorized, vote.StatusCode);
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/ballots/{ballot}"))["tally"]!["yes"]!);
        Assert.False((bool)(await platform.Http.GetNode($"/api/electorate?member={member.MemberId}"))["items"]![0]!["mayVote"]!);
    }
}
