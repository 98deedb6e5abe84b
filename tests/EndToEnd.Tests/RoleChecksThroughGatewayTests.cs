using System.Net;
using System.Net.Http.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// The role table of the README, write endpoint by write endpoint, through the gateway against the real processes:
/// a valid token without the right gets 403 and changes nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RoleChecksThroughGatewayTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    private static HttpRequestMessage Request(HttpMethod method, string url, object? body = null) =>
        new(method, url) { Content = body is null ? null : JsonContent.Create(body) };

    private static async Task<HttpClient> Credential(HttpClient secretariat, PlatformFixture platform, Guid member, string role)
    {
        var issued = await (await secretariat.Post($"/api/members/{member}/credentials", new { role })).Read();
        return platform.Client(await AccessTokens.Get(platform.Http, (string)issued["clientId"]!, (string)issued["clientSecret"]!));
    }

    private static async Task AllForbidden(HttpClient caller, IEnumerable<HttpRequestMessage> requests)
    {
        var answers = new List<string>();
        foreach (var request in requests)
        {
            using var response = await caller.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden) answers.Add($"{request.Method} {request.RequestUri}: {(int)response.StatusCode}");
        }
        Assert.True(answers.Count == 0, "Not refused with 403: " + string.Join("; ", answers));
    }

    [Fact]
    public async Task The_secretariats_writes_refuse_a_member_admin_with_403_and_change_nothing()
    {
        var admin = await platform.Member($"Ambitious Co {Guid.NewGuid():N}", "member-admin");
        var target = await platform.Member($"Target Co {Guid.NewGuid():N}");
        var pool = await platform.Pool(2);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await _ballots.Open(committee, "simple-majority");
        var (t, c, any) = (target.MemberId, committee, Guid.NewGuid());

        await AllForbidden(admin.Client,
        [
            Request(HttpMethod.Post, $"/api/members/{t}/suspension", new { reason = "I say so" }),
            Request(HttpMethod.Post, $"/api/members/{t}/reinstatement"),
            Request(HttpMethod.Post, $"/api/members/{t}/expulsion-requests", new { reason = "A competitor" }),
            Request(HttpMethod.Post, $"/api/members/{t}/tier", new { tier = "observer" }),
            Request(HttpMethod.Post, $"/api/members/{t}/erasure", new { reason = "Asked" }),
            Request(HttpMethod.Post, $"/api/members/{t}/admission", new { tier = "general" }),
            Request(HttpMethod.Post, "/connect/signing-keys/rotation"),
            Request(HttpMethod.Post, "/api/committees", new { name = "Shadow", purpose = "general", defaultProfile = "simple-majority" }),
            Request(HttpMethod.Post, $"/api/committees/{c}/seats", new { memberId = admin.MemberId, role = "voting" }),
            Request(HttpMethod.Delete, $"/api/committees/{c}/seats/{pool[0].MemberId}"),
            Request(HttpMethod.Put, $"/api/committees/{c}/ballot-policy/generic", new { profile = "unanimous", reason = "mine" }),
            Request(HttpMethod.Post, "/api/ballots", new { committeeId = c, title = "Mine", question = "Yes?" }),
            Request(HttpMethod.Post, $"/api/ballots/{ballot}/attendance", new { present = new[] { pool[0].MemberId } }),
            Request(HttpMethod.Post, $"/api/ballots/{ballot}/closure"),
            Request(HttpMethod.Post, "/api/licence-policy/changes", new { changes = new[] { new { licence = "GPL-3.0-only", category = "allowed" } }, reason = "mine" }),
            Request(HttpMethod.Post, "/api/standards", new { code = "MINE", title = "Mine", committeeId = c, validity = new { kind = "fixed", months = 24 } }),
            Request(HttpMethod.Post, "/api/standards/ACI/versions", new { version = "9.0", requirements = Array.Empty<object>() }),
            Request(HttpMethod.Post, "/api/standards/ACI/versions/2.0/withdrawal-requests", new { reason = "mine" }),
            Request(HttpMethod.Post, "/api/standards/ACI/versions/2.0/historical-ratification", new { ratifiedAt = "2020-01-01", source = "mine" }),
            Request(HttpMethod.Post, $"/api/products/{any}/transfer", new { toVendorId = admin.MemberId }),
            Request(HttpMethod.Post, $"/api/certifications/{any}/revocation", new { reason = "mine" }),
            Request(HttpMethod.Post, $"/api/certifications/{any}/rejection", new { items = new[] { "mine" } }),
        ]);

        Assert.Equal("admitted", (string)(await Sec.GetNode($"/api/members/{t}"))["status"]!);
        Assert.Equal("general", (string)(await Sec.GetNode($"/api/members/{t}"))["tier"]!);
        Assert.Equal(2, (await platform.Http.GetNode($"/api/committees/{c}"))["seats"]!.AsArray().Count);
        Assert.Equal("open", (string)(await platform.Http.GetNode($"/api/ballots/{ballot}"))["status"]!);
        Assert.Equal(["committee_created", "seat_assigned", "seat_assigned"], (await platform.Http.GetNode($"/api/committees/{c}/history")).AsArray().Select(e => (string)e!["type"]!));
    }

    [Fact]
    public async Task A_reviewer_credential_never_acts_for_its_own_member()
    {
        var vendor = await platform.Member($"Reviewing Vendor {Guid.NewGuid():N}", "member-admin");
        var partner = await platform.Member($"Partner Lab {Guid.NewGuid():N}", kind: "university");
        var reviewer = await Credential(Sec, platform, vendor.MemberId, "reviewer");
        using var registered = await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Board A", type = "accelerator" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var product = (Guid)(await registered.Read())["productId"]!;
        using var proposed = await vendor.Client.Post("/api/oss-projects", new
        {
            name = $"Runtime {Guid.NewGuid():N}"[..16],
            repositoryUrl = "https://git.example.org/runtime",
            description = "A runtime",
            licence = "Apache-2.0",
            sponsorMemberId = vendor.MemberId,
            maintainers = new[] { new { handle = "ann", name = "Ann", affiliationMemberId = vendor.MemberId } },
        });
        var oss = (Guid)(await proposed.Read())["projectId"]!;
        using var joint = await vendor.Client.Post("/api/projects", new
        {
            title = "Joint board",
            summary = "A shared board",
            researchAreas = new[] { "ai-chips" },
            leadMemberId = vendor.MemberId,
            partners = new[] { new { memberId = partner.MemberId, role = "academic-partner" } },
            plannedStart = "2027-01-01",
            plannedEnd = "2028-12-31",
            ipPolicy = "open",
        });
        var project = (Guid)(await joint.Read())["projectId"]!;

        await AllForbidden(reviewer,
        [
            Request(HttpMethod.Post, "/api/products", new { vendorId = vendor.MemberId, name = "Board B", type = "accelerator" }),
            Request(HttpMethod.Post, $"/api/products/{product}/name", new { name = "Board A2" }),
            Request(HttpMethod.Post, "/api/certifications", new { productId = product, productVersion = "1.0", standard = "ACI", version = "2.0", results = Array.Empty<object>() }),
            Request(HttpMethod.Post, $"/api/certifications/{Guid.NewGuid()}/cure", new { evidenceUrl = "https://ci.example.org/fixed" }),
            Request(HttpMethod.Post, $"/api/oss-projects/{oss}/adopters", new { organisation = "X", url = "https://x.example.com" }),
            Request(HttpMethod.Post, $"/api/oss-projects/{oss}/maintainers", new { handle = "bob", name = "Bob", affiliation = "Independent" }),
            Request(HttpMethod.Post, $"/api/oss-projects/{oss}/security-reviews", new { date = "2026-10-01", link = "https://audit.example.com/r", summary = "ok" }),
            Request(HttpMethod.Put, $"/api/oss-projects/{oss}/contributor-policy", new { dco = true, cla = false }),
            Request(HttpMethod.Delete, $"/api/oss-projects/{oss}/maintainers/ann"),
            Request(HttpMethod.Post, $"/api/oss-projects/{oss}/stage-changes", new { stage = "sandbox" }),
            Request(HttpMethod.Post, $"/api/oss-projects/{oss}/releases", new { version = "1.0", licence = "Apache-2.0", dependencies = Array.Empty<object>() }),
            Request(HttpMethod.Post, "/api/licence-exceptions", new { package = "libfoo", version = "1", licence = "LGPL-2.1-only", requestingProjectId = oss, reason = "needed", scope = "project" }),
            Request(HttpMethod.Post, $"/api/projects/{project}/cancellation", new { reason = "mine" }),
            Request(HttpMethod.Post, $"/api/members/{vendor.MemberId}/credentials", new { role = "member" }),
        ]);

        Assert.Single((await platform.Http.GetNode($"/api/products?vendor={vendor.MemberId}")).AsArray());
        Assert.Equal(["oss_project_proposed"], (await platform.Http.GetNode($"/api/oss-projects/{oss}/history")).AsArray().Select(e => (string)e!["type"]!));
        Assert.Equal("proposed", (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]!);
    }

    [Fact]
    public async Task A_member_admin_acting_for_another_member_is_refused_with_403_and_changes_nothing()
    {
        var a = await platform.Member($"Admin A {Guid.NewGuid():N}", "member-admin");
        var bName = $"Member B {Guid.NewGuid():N}";
        var b = await platform.Member(bName);

        await AllForbidden(a.Client,
        [
            Request(HttpMethod.Post, $"/api/members/{b.MemberId}/name", new { name = "B, renamed by A" }),
            Request(HttpMethod.Post, $"/api/members/{b.MemberId}/withdrawal", new { reason = "A wants it" }),
            Request(HttpMethod.Post, "/api/contributor-agreements", new { kind = "corporate", memberId = b.MemberId, signatory = "A's CTO", handles = new[] { "mallory" } }),
            Request(HttpMethod.Post, "/api/contributor-agreements", new { kind = "individual", handle = "mallory", name = "Mallory" }),
            Request(HttpMethod.Post, "/api/oss-projects", new
            {
                name = "Not B's", repositoryUrl = "https://git.example.org/x", description = "x", licence = "Apache-2.0", sponsorMemberId = b.MemberId,
                maintainers = new[] { new { handle = "m", name = "M", affiliationMemberId = a.MemberId } },
            }),
        ]);

        var member = await Sec.GetNode($"/api/members/{b.MemberId}");
        Assert.Equal((bName, "admitted"), ((string)member["name"]!, (string)member["status"]!));
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/contributor-agreements?member={b.MemberId}"))["total"]!);
        Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/oss-projects?sponsor={b.MemberId}"))["total"]!);
    }

    [Fact]
    public async Task Registering_a_product_for_another_member_is_403_and_registers_nothing()
    {
        var a = await platform.Member($"Vendor A {Guid.NewGuid():N}", "member-admin");
        var b = await platform.Member($"Vendor B {Guid.NewGuid():N}");

        using var forOther = await a.Client.Post("/api/products", new { vendorId = b.MemberId, name = "Fake B board", type = "accelerator" });
        using var own = await b.Client.Post("/api/products", new { vendorId = b.MemberId, name = "Real B board", type = "accelerator" });

        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(["Real B board"], (await platform.Http.GetNode($"/api/products?vendor={b.MemberId}")).AsArray().Select(p => (string)p!["name"]!));
    }

    [Fact]
    public async Task A_ratification_ballot_is_asked_for_by_the_secretariat_or_the_chair_of_the_standards_committee_only()
    {
        var pool = await platform.Pool(2);
        var chair = await platform.Member($"Chairing Co {Guid.NewGuid():N}");
        var chairsReviewer = await Credential(Sec, platform, chair.MemberId, "reviewer");
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)), chair.MemberId);
        var code = CompatibilityFlowTests.NewCode();
        (await Sec.Post("/api/standards", new { code, title = "Alliance Compute Interface", committeeId = committee, validity = new { kind = "fixed", months = 24 } })).EnsureSuccessStatusCode();
        foreach (var version in new[] { "2.0", "3.0" })
            (await Sec.Post($"/api/standards/{code}/versions", new { version, requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the suite" } } })).EnsureSuccessStatusCode();
        string Ask(string version) => $"/api/standards/{code}/versions/{version}/ratification-requests";

        using var anonymous = await platform.Http.PostAsync(Ask("2.0"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await AllForbidden(pool[0].Client, [Request(HttpMethod.Post, Ask("2.0"))]); // a voting member, not the chair
        await AllForbidden(chairsReviewer, [Request(HttpMethod.Post, Ask("2.0"))]);
        Assert.Equal("draft", (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]!);

        // Compatibility learns the chair from Governance's CommitteeChairChanged message, moments after the committee is made.
        await Eventually.True(async () =>
        {
            using var byChair = await chair.Client.PostAsync(Ask("2.0"), null);
            return byChair.StatusCode == HttpStatusCode.Accepted;
        }, "the chair's request accepted");
        using var bySecretariat = await Sec.PostAsync(Ask("3.0"), null);
        Assert.Equal(HttpStatusCode.Accepted, bySecretariat.StatusCode);
        await AllForbidden(pool[0].Client, [Request(HttpMethod.Post, Ask("2.0"))]);
        await _ballots.BallotOn(committee, $"{code}/2.0");
        await _ballots.BallotOn(committee, $"{code}/3.0");
    }
}
