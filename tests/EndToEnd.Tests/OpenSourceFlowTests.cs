using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Hosted projects, the licence policy, exceptions and contributor agreements through the gateway, decided by real ballots.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenSourceFlowTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    // Governance asks the first open-source committee; this class makes it once, with three voters.
    private static readonly SemaphoreSlim CommitteeLock = new(1, 1);
    private static IReadOnlyList<PlatformFixture.PoolMember>? _voters;

    internal async Task<IReadOnlyList<PlatformFixture.PoolMember>> Voters()
    {
        await CommitteeLock.WaitAsync();
        try
        {
            if (_voters is null)
            {
                var pool = (await platform.Pool(3)).ToList();
                await _ballots.Committee("cncf-gitvote", pool.Select(m => (m, true)), purpose: "open-source");
                _voters = pool;
            }
            return _voters;
        }
        finally
        {
            CommitteeLock.Release();
        }
    }

    /// <summary>The voters vote until the ballot closes (gitvote closes early once the outcome is certain).</summary>
    private async Task Vote(Guid ballot, bool approve)
    {
        foreach (var voter in await Voters())
        {
            using var cast = await voter.Client.Post($"/api/ballots/{ballot}/votes", new { position = approve ? "in-favour" : "against" });
            if (cast.StatusCode == HttpStatusCode.Conflict) break;
            Assert.Equal(HttpStatusCode.OK, cast.StatusCode);
            if ((bool)(await cast.Read())["closed"]!) break;
        }
    }

    internal async Task<Guid> Propose(HttpClient sponsorClient, Guid sponsor, string licence = "Apache-2.0", object[]? maintainers = null)
    {
        using var proposed = await sponsorClient.Post("/api/oss-projects", new
        {
            name = $"OpenAccel {Guid.NewGuid():N}"[..20],
            repositoryUrl = "https://git.example.org/openaccel",
            description = "A vendor-neutral runtime for AI accelerators.",
            licence,
            sponsorMemberId = sponsor,
            maintainers = maintainers ?? [new { handle = "alice", name = "Alice Wang", affiliationMemberId = sponsor }],
        });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        return (Guid)(await proposed.Read())["projectId"]!;
    }

    internal Task<JsonNode> Project(Guid id) => platform.Http.GetNode($"/api/oss-projects/{id}");

    internal async Task<Guid> RequestStage(HttpClient client, Guid project, string stage)
    {
        using var requested = await client.Post($"/api/oss-projects/{project}/stage-changes", new { stage });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        return (Guid)(await requested.Read())["ballotId"]!;
    }

    private async Task MoveTo(HttpClient client, Guid project, string stage)
    {
        await Vote(await RequestStage(client, project, stage), approve: true);
        await Eventually.True(async () => (string)(await Project(project))["stage"]! == stage, $"project in {stage}");
    }

    private static async Task Ok(HttpResponseMessage response)
    {
        using (response) Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task A_sponsor_with_a_seat_cannot_choose_its_own_ballots_rules_and_the_refusal_writes_nothing()
    {
        var sponsor = (await Voters())[0]; // holds a seat on the open-source committee
        var id = await Propose(sponsor.Client, sponsor.MemberId);
        var oneMinute = DateTimeOffset.UtcNow.AddMinutes(1);

        using var ownRules = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "sandbox", profile = "simple-majority", closesAt = oneMinute });
        using var shortOnly = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "sandbox", closesAt = oneMinute });
        using var overriding = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "sandbox", profile = "simple-majority", overrideReason = "urgent" });
        using var exception = await sponsor.Client.Post("/api/licence-exceptions", new
        {
            package = "libfoo",
            version = "1.2.3",
            licence = "LGPL-2.1-only",
            requestingProjectId = id,
            reason = "No alternative",
            scope = "project",
            profile = "simple-majority",
            closesAt = oneMinute,
        });

        Assert.Equal(HttpStatusCode.BadRequest, ownRules.StatusCode);
        var errors = (await ownRules.Read())["errors"]!;
        Assert.Contains("cncf-gitvote", (string)errors["profile"]![0]!);
        Assert.Contains("at least 7 days", (string)errors["closesAt"]![0]!);
        Assert.Equal(HttpStatusCode.BadRequest, shortOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, overriding.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Equal(["oss_project_proposed"], (await platform.Http.GetNode($"/api/oss-projects/{id}/history")).AsArray().Select(e => (string)e!["type"]!));
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/ballots?subjectKind=oss-stage-change&pageSize=200"))["items"]!.AsArray()
            .Count(b => (string)b!["subjectReference"]! == id.ToString()));
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/licence-exceptions?project={id}"))["total"]!);

        // Under the committee's rules the same request opens a gitvote ballot of at least a week.
        using var byPolicy = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "sandbox" });
        Assert.Equal(HttpStatusCode.Created, byPolicy.StatusCode);
        var opened = await byPolicy.Read();
        Assert.Equal("cncf-gitvote", (string)opened["profile"]!);
        Assert.True((DateTimeOffset)opened["closesAt"]! >= DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-1));
    }

    [Fact]
    public async Task A_project_climbs_from_proposal_to_graduation_through_ballots_and_its_criteria()
    {
        await Voters();
        var sponsor = await platform.Member($"OSS Sponsor {Guid.NewGuid():N}");
        var partner = await platform.Member($"OSS Partner {Guid.NewGuid():N}");
        var id = await Propose(sponsor.Client, sponsor.MemberId);

        using var byOutsider = await partner.Client.Post($"/api/oss-projects/{id}/adopters", new { organisation = "X", url = "https://x.example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, byOutsider.StatusCode);

        // Two requests at once: one ballot opens, the other is refused.
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "sandbox" })));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], racing.Select(r => r.StatusCode).Order());
        var sandboxBallot = (Guid)(await racing.Single(r => r.StatusCode == HttpStatusCode.Created).Read())["ballotId"]!;
        var ballot = await platform.Http.GetNode($"/api/ballots/{sandboxBallot}");
        Assert.Equal("cncf-gitvote", (string)ballot["profile"]!);
        await Vote(sandboxBallot, approve: true);
        await Eventually.True(async () => (string)(await Project(id))["stage"]! == "sandbox", "project in sandbox");

        using var tooEarly = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "incubating" });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(["incubation needs at least one recorded adopter"], (await tooEarly.Read())["unmet"]!.AsArray().Select(u => (string)u!));

        await Ok(await sponsor.Client.Post($"/api/oss-projects/{id}/adopters", new { organisation = "Kunlun Cloud", url = "https://kunlun.example.com/case" }));
        await MoveTo(sponsor.Client, id, "incubating");

        using var notReady = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "graduated" });
        Assert.Equal(HttpStatusCode.Conflict, notReady.StatusCode);
        Assert.Equal(4, (await notReady.Read())["unmet"]!.AsArray().Count);
        Assert.Equal(4, (await Project(id))["nextStages"]!.AsArray().Single(s => (string)s!["stage"]! == "graduated")!["unmet"]!.AsArray().Count);

        await Ok(await sponsor.Client.Post($"/api/oss-projects/{id}/maintainers", new { handle = "bob", name = "Bob Li", affiliationMemberId = partner.MemberId }));
        await Ok(await sponsor.Client.Post($"/api/oss-projects/{id}/adopters", new { organisation = "Tianhe Lab", url = "https://tianhe.example.edu/ai" }));
        await Ok(await sponsor.Client.Post($"/api/oss-projects/{id}/adopters", new { organisation = "Pearl Bank", url = "https://pearl.example.com/infra" }));
        await Ok(await sponsor.Client.Post($"/api/oss-projects/{id}/security-reviews", new { date = "2026-10-01", link = "https://audit.example.com/openaccel", summary = "No critical findings." }));
        await Ok(await sponsor.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/oss-projects/{id}/contributor-policy") { Content = System.Net.Http.Json.JsonContent.Create(new { dco = true, cla = true }) }));

        using var uncovered = await sponsor.Client.Post($"/api/oss-projects/{id}/stage-changes", new { stage = "graduated" });
        Assert.Contains("covered by none: alice, bob", (string)(await uncovered.Read())["unmet"]![0]!);

        await Ok(await Sec.Post("/api/contributor-agreements", new { kind = "corporate", memberId = sponsor.MemberId, signatory = "CTO", handles = new[] { "alice" }, domains = new[] { "sponsor.example.com" } }));
        await Ok(await Sec.Post("/api/contributor-agreements", new { kind = "individual", handle = "bob", name = "Bob Li" }));
        var carol = await platform.Http.GetNode($"/api/oss-projects/{id}/contributors/carol/coverage?email=carol@sponsor.example.com");
        var dave = await platform.Http.GetNode($"/api/oss-projects/{id}/contributors/dave/coverage");
        Assert.True((bool)carol["covered"]!);
        Assert.Equal("domain", (string)carol["by"]![0]!["matchedBy"]!);
        Assert.False((bool)dave["covered"]!);
        Assert.NotNull(dave["dco"]);

        var rejected = await RequestStage(sponsor.Client, id, "graduated");
        await Vote(rejected, approve: false);
        await Eventually.True(async () => (await Project(id))["pending"] is null, "the refused ballot clears the pending move");
        Assert.Equal("incubating", (string)(await Project(id))["stage"]!);

        await MoveTo(sponsor.Client, id, "graduated");
        var project = await Project(id);
        Assert.Equal(["approved", "approved", "rejected", "approved"], project["stageHistory"]!.AsArray().Select(h => (string)h!["outcome"]!));
        var landscape = await platform.Http.GetNode("/api/landscape");
        var listed = landscape["stages"]!["graduated"]!.AsArray().Single(p => (Guid)p!["projectId"]! == id)!;
        Assert.Equal(2, listed["organisations"]!.AsArray().Count);
        var history = (await platform.Http.GetNode($"/api/oss-projects/{id}/history")).AsArray();
        Assert.Equal(3, history.Count(e => (string)e!["type"]! == "stage_changed"));
        var decisions = await platform.Http.GetNode($"/api/decisions?subjectKind=oss-stage-change&subjectReference={id}");
        Assert.Equal(4, (int)decisions["total"]!);
    }

    [Fact]
    public async Task A_blocked_release_is_approved_after_a_licence_exception_ballot_passes()
    {
        await Voters();
        var sponsor = await platform.Member($"OSS Release {Guid.NewGuid():N}");
        var id = await Propose(sponsor.Client, sponsor.MemberId);
        object Release() => new
        {
            version = "1.0.0",
            licence = "Apache-2.0",
            dependencies = new object[]
            {
                new { name = "serde", version = "1.0.200", licence = "MIT OR Apache-2.0" },
                new { name = "readline", version = "8.2", licence = "GPL-3.0-or-later" },
                new { name = "nss", version = "3.9", licence = "MPL-2.0", binary = true },
            },
        };

        using var first = await sponsor.Client.Post($"/api/oss-projects/{id}/releases", Release());
        var blocked = await first.Read();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("blocked", (string)blocked["status"]!);
        var offence = blocked["offending"]!.AsArray().Single()!;
        Assert.Equal(("readline", "forbidden"), ((string)offence["name"]!, (string)offence["category"]!));

        using var denied = await sponsor.Client.Post("/api/licence-exceptions", new
        { package = "readline", version = "8.2", licence = "GPL-3.0-or-later", requestingProjectId = id, reason = "Line editing for the CLI", scope = "project" });
        var deniedBody = await denied.Read();
        var deniedId = (Guid)deniedBody["exceptionId"]!;
        await Vote((Guid)deniedBody["ballotId"]!, approve: false);
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/licence-exceptions/{deniedId}"))["status"]! == "denied", "exception denied");
        using var stillBlocked = await sponsor.Client.Post($"/api/oss-projects/{id}/releases", Release());
        Assert.Equal("blocked", (string)(await stillBlocked.Read())["status"]!);

        using var asked = await sponsor.Client.Post("/api/licence-exceptions", new
        { package = "readline", version = "8.2", licence = "gpl-3.0-or-later", requestingProjectId = id, reason = "Only for the optional CLI, dynamically linked", scope = "project" });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var askedBody = await asked.Read();
        var exceptionId = (Guid)askedBody["exceptionId"]!;
        await Vote((Guid)askedBody["ballotId"]!, approve: true);
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/licence-exceptions/{exceptionId}"))["status"]! == "approved", "exception approved");

        using var second = await sponsor.Client.Post($"/api/oss-projects/{id}/releases", Release());
        var approved = await second.Read();
        Assert.Equal("approved", (string)approved["status"]!);
        Assert.Equal([exceptionId], approved["exceptionsUsed"]!.AsArray().Select(x => (Guid)x!));
        Assert.Equal(2, approved["notes"]!.AsArray().Count);
        using var again = await sponsor.Client.Post($"/api/oss-projects/{id}/releases", Release());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var release = (await Project(id))["releases"]!.AsArray().Single()!;
        Assert.Equal("approved", (string)release["status"]!);

        // A long reason (up to 4,000 characters) is accepted: the ballot's question is cut to what a ballot takes.
        using var longReason = await sponsor.Client.Post("/api/licence-exceptions", new
        { package = "bash", version = "5.2", licence = "GPL-3.0-or-later", requestingProjectId = id, reason = new string('r', 3000), scope = "project" });
        Assert.Equal(HttpStatusCode.Created, longReason.StatusCode);

        using var badRequest = await sponsor.Client.Post("/api/licence-exceptions", new { package = "x", version = "1", licence = "GPL-3.0-or-later AND", requestingProjectId = id, reason = "r" });
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        Assert.Contains("licence", (await badRequest.Read())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_policy_change_decided_by_ballot_changes_the_checks_and_the_policy_history_keeps_it()
    {
        await Voters();
        async Task<string> Category(string expression) => (string)(await (await platform.Http.Post("/api/licence-checks", new { expression })).Read())["category"]!;
        Assert.Equal("needs-review", await Category("Artistic-2.0"));

        using var invalid = await Sec.Post("/api/licence-policy/changes", new { changes = new[] { new { licence = "MIT OR ISC", category = "allowed" } }, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("changes[0].licence", (await invalid.Read())["errors"]!.AsObject().Select(e => e.Key));

        using var proposed = await Sec.Post("/api/licence-policy/changes", new
        {
            changes = new[] { new { licence = "artistic-2.0", category = "restricted", note = "Reviewed by counsel: binary distribution only" } },
            reason = "Perl toolchains in two hosted projects",
        });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var body = await proposed.Read();
        Assert.Null((await platform.Http.GetNode($"/api/licence-policy/changes/{body["changeId"]}"))["changes"]![0]!["from"]);
        await Vote((Guid)body["ballotId"]!, approve: true);

        await Eventually.True(async () => await Category("Artistic-2.0") == "restricted", "the approved change is in force");
        var history = (await platform.Http.GetNode("/api/licence-policy/history")).AsArray();
        var last = history[^1]!;
        Assert.Equal((Guid)body["changeId"]!, (Guid)last["changeId"]!);
        Assert.NotNull(last["decisionId"]);
        Assert.Equal("Artistic-2.0", (string)last["changes"]![0]!["key"]!);
        Assert.Equal("approved", (string)(await platform.Http.GetNode($"/api/licence-policy/changes/{body["changeId"]}"))["status"]!);
    }
}
