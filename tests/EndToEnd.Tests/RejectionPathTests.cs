using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>The paths that end in "no", over HTTP: a certification rejected, a version and a project rejected by ballot, a partner departing, a project cancelled.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RejectionPathTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    private async Task RejectAndClose(Guid ballot, IEnumerable<PlatformFixture.PoolMember> voters)
    {
        foreach (var m in voters) (await m.Client.Post($"/api/ballots/{ballot}/votes", new { position = "no" })).EnsureSuccessStatusCode();
        (await Sec.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_rejected_certification_is_never_certified_and_cannot_be_granted_later()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await new CompatibilityFlowTests(platform).Ratified(CompatibilityFlowTests.NewCode(), pool, committee);
        var vendor = await platform.Member($"Rejected Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Strict Lab {Guid.NewGuid():N}", "reviewer");
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Shaky Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new
        {
            productId = product,
            productVersion = "1",
            standard = code,
            version = "2.0",
            results = CompatibilityFlowTests.Results(),
        })).Read())["certificationId"]!;

        using var noReasons = await reviewer.Client.Post($"/api/certifications/{certification}/rejection", new { items = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, noReasons.StatusCode);
        Assert.NotNull((await noReasons.Read())["errors"]!["reasons"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.Client.Post($"/api/certifications/{certification}/rejection", new { items = new[] { "mine" } })).StatusCode);
        using var rejected = await reviewer.Client.Post($"/api/certifications/{certification}/rejection", new { items = new[] { "The e2e log is truncated" } });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        using var grant = await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null);
        Assert.Equal(HttpStatusCode.Conflict, grant.StatusCode);
        Assert.Equal("grant-requires-passed-checks", (string)(await grant.Read())["rule"]!);
        using var again = await reviewer.Client.Post($"/api/certifications/{certification}/rejection", new { items = new[] { "twice" } });
        Assert.Equal("review-closed", (string)(await again.Read())["rule"]!);
        Assert.Equal("not-certified", (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]!);
        Assert.Equal("rejected", (string)(await platform.Http.GetNode($"/api/products/{product}"))["certifications"]![0]!["status"]!);
        var history = (await platform.Http.GetNode($"/api/certifications/{certification}/history")).AsArray();
        Assert.Equal(["certification_submitted", "certification_rejected"], history.Select(e => (string)e!["type"]!));
        Assert.Equal("The e2e log is truncated", (string)history[1]!["data"]!["reasons"]![0]!);
    }

    [Fact]
    public async Task A_version_rejected_by_ballot_is_not_certifiable_and_may_go_to_ballot_again()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await Sec.Post("/api/standards", new { code, title = "Rejected standard", committeeId = committee })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "2.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the suite" } } })).EnsureSuccessStatusCode();
        (await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null)).EnsureSuccessStatusCode();
        await RejectAndClose(await _ballots.BallotOn(committee, $"{code}/2.0"), pool);

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]! == "rejected", "version rejected");
        var vendor = await platform.Member($"Hopeful Vendor {Guid.NewGuid():N}");
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Hopeful Box", type = "server" })).Read())["productId"]!;
        var submitted = await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "2.0", results = new[] { new { requirementId = "R1", outcome = "pass" } } })).Read();
        Assert.Equal("checks-failed", (string)submitted["status"]!);
        Assert.StartsWith("version-not-ratified", (string)submitted["checksFailed"]![0]!);
        using var retry = await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
    }

    [Fact]
    public async Task A_project_rejected_by_ballot_ends_rejected_and_takes_no_milestones()
    {
        var pool = await platform.Pool(3);
        await _ballots.Committee("simple-majority", pool.Select(m => (m, true)), purpose: "technical-oversight");
        var (lead, uni, project) = await Project("Rejected accelerator");
        (await uni.Client.PostAsync($"/api/projects/{project}/partners/{uni.MemberId}/acceptance", null)).EnsureSuccessStatusCode();
        (await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null)).EnsureSuccessStatusCode();
        await RejectAndClose(await _ballots.BallotOnAny("project-approval", project.ToString()), pool);

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]! == "rejected", "project rejected");
        using var milestone = await lead.Client.Post($"/api/projects/{project}/milestones", new { title = "Tape-out", due = "2027-06-30", deliverable = "GDS" });
        Assert.Equal(HttpStatusCode.Conflict, milestone.StatusCode);
        using var cancel = await lead.Client.Post($"/api/projects/{project}/cancellation", new { reason = "Rejected anyway" });
        Assert.Equal("cancellation-while-open", (string)(await cancel.Read())["rule"]!);
        var history = (await platform.Http.GetNode($"/api/projects/{project}/history")).AsArray();
        Assert.Equal("project_rejected", (string)history[^1]!["type"]!);
        Assert.StartsWith("governance/decision/", (string)history[^1]!["actor"]!);
    }

    [Fact]
    public async Task A_partner_departs_the_project_is_flagged_and_the_lead_cancels_it_with_a_reason()
    {
        var (lead, uni, project) = await Project("Short-lived study");
        (await uni.Client.PostAsync($"/api/projects/{project}/partners/{uni.MemberId}/acceptance", null)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Client.Post($"/api/projects/{project}/partners/{uni.MemberId}/departure", new { reason = "Not yours" })).StatusCode);
        using var left = await uni.Client.Post($"/api/projects/{project}/partners/{uni.MemberId}/departure", new { reason = "Funding ended" });
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.True((bool)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["needsAttention"]!);
        using var approval = await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null);
        Assert.Equal("joint-project-needs-two-organisations", (string)(await approval.Read())["rule"]!);

        Assert.Equal(HttpStatusCode.Forbidden, (await uni.Client.Post($"/api/projects/{project}/cancellation", new { reason = "Not mine" })).StatusCode);
        using var noReason = await lead.Client.Post($"/api/projects/{project}/cancellation", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var cancelled = await lead.Client.Post($"/api/projects/{project}/cancellation", new { reason = "The partner left" });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]!);
        using var twice = await lead.Client.Post($"/api/projects/{project}/cancellation", new { reason = "Again" });
        Assert.Equal("cancellation-while-open", (string)(await twice.Read())["rule"]!);
        Assert.Equal(["project_proposed", "partner_accepted", "partner_left", "project_cancelled"],
            (await platform.Http.GetNode($"/api/projects/{project}/history")).AsArray().Select(e => (string)e!["type"]!));
    }

    private async Task<((Guid MemberId, string ClientId, string Secret, HttpClient Client) Lead, (Guid MemberId, string ClientId, string Secret, HttpClient Client) Partner, Guid Project)>
        Project(string title)
    {
        var lead = await platform.Member($"Lead {Guid.NewGuid():N}");
        var uni = await platform.Member($"University {Guid.NewGuid():N}", kind: "university");
        using var proposed = await lead.Client.Post("/api/projects", new
        {
            title,
            summary = "A joint study",
            researchAreas = new[] { "ai-chips" },
            leadMemberId = lead.MemberId,
            partners = new[] { new { memberId = uni.MemberId, role = "academic-partner" } },
            plannedStart = "2027-01-01",
            plannedEnd = "2028-12-31",
            budget = new { amount = 100000, currency = "CNY" },
            ipPolicy = "shared",
        });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        return (lead, uni, (Guid)(await proposed.Read())["projectId"]!);
    }
}
