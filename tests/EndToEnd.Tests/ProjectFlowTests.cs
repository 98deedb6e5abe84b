using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Joint projects and the member lifecycle through the gateway, with real ballots in Governance.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ProjectFlowTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);

    private static object Proposal(Guid lead, Guid partner, string title) => new
    {
        title,
        summary = "A RISC-V AI accelerator shared by industry and academia",
        researchAreas = new[] { "ai-chips", "risc-v" },
        leadMemberId = lead,
        partners = new[] { new { memberId = partner, role = "academic-partner" } },
        plannedStart = "2027-01-01",
        plannedEnd = "2029-12-31",
        budget = new { amount = 5000000, currency = "CNY" },
        ipPolicy = "shared",
    };

    [Fact]
    public async Task A_project_is_proposed_accepted_approved_by_a_real_ballot_and_reports_its_milestones()
    {
        var pool = await platform.Pool(3);
        await _ballots.Committee("simple-majority", pool.Select(m => (m, true)), purpose: "technical-oversight");
        var lead = await platform.Member($"Lead Chips {Guid.NewGuid():N}");
        var uni = await platform.Member($"Tech University {Guid.NewGuid():N}", kind: "university");

        using var proposed = await lead.Client.Post("/api/projects", Proposal(lead.MemberId, uni.MemberId, "Open accelerator"));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var project = (Guid)(await proposed.Read())["projectId"]!;
        using var early = await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("all-partners-must-accept", (string)(await early.Read())["rule"]!);
        using var notForOthers = await lead.Client.PostAsync($"/api/projects/{project}/partners/{uni.MemberId}/acceptance", null);
        Assert.Equal(HttpStatusCode.Forbidden, notForOthers.StatusCode);
        (await uni.Client.PostAsync($"/api/projects/{project}/partners/{uni.MemberId}/acceptance", null)).EnsureSuccessStatusCode();
        (await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null)).EnsureSuccessStatusCode();

        await _ballots.ApproveAndClose(await _ballots.BallotOnAny("project-approval", project.ToString()), pool);
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]! == "approved", "project approved");

        var milestone = await (await lead.Client.Post($"/api/projects/{project}/milestones", new { title = "RTL freeze", due = "2026-01-31", deliverable = "RTL v1" })).Read();
        var view = await platform.Http.GetNode($"/api/projects/{project}");
        Assert.True((bool)view["milestones"]![0]!["overdue"]!);
        Assert.Equal(1, (int)view["project"]!["overdueMilestones"]!);
        var milestoneId = (Guid)milestone["data"]!["milestoneId"]!;
        using var completed = await lead.Client.Post($"/api/projects/{project}/milestones/{milestoneId}/completion",
            new { completedOn = "2026-02-10", evidenceUrl = "https://git.example.org/rtl/v1", deliverableSha256 = new string('b', 64) });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.False((bool)(await platform.Http.GetNode($"/api/projects/{project}"))["milestones"]![0]!["overdue"]!);

        var history = (await platform.Http.GetNode($"/api/projects/{project}/history")).AsArray();
        Assert.Equal(["project_proposed", "partner_accepted", "project_submitted_for_approval", "project_approved", "milestone_planned", "milestone_completed"],
            history.Select(e => (string)e!["type"]!));
        Assert.StartsWith($"member/{lead.MemberId}/", (string)history[0]!["actor"]!);
        Assert.StartsWith("governance/decision/", (string)history[3]!["actor"]!);
        Assert.All(history, e => Assert.False(string.IsNullOrEmpty((string?)e!["correlationId"])));
        var stats = await platform.Http.GetNode("/api/stats/projects");
        Assert.True((long)stats["industryWithAcademia"]! >= 1);
        Assert.True((long)stats["byResearchArea"]!["risc-v"]! >= 1);
        Assert.Contains((await platform.Http.GetNode($"/api/members/{uni.MemberId}/projects")).AsArray(), p => (Guid)p!["projectId"]! == project);
    }

    [Fact]
    public async Task A_partner_that_withdraws_from_the_alliance_leaves_its_projects_and_the_project_is_flagged()
    {
        var lead = await platform.Member($"Lead Servers {Guid.NewGuid():N}");
        var partner = await platform.Member($"Leaving Institute {Guid.NewGuid():N}", "member-admin", kind: "institute");
        var project = (Guid)(await (await lead.Client.Post("/api/projects", Proposal(lead.MemberId, partner.MemberId, "Cooling study"))).Read())["projectId"]!;
        (await partner.Client.PostAsync($"/api/projects/{project}/partners/{partner.MemberId}/acceptance", null)).EnsureSuccessStatusCode();

        using var withdrew = await partner.Client.Post($"/api/members/{partner.MemberId}/withdrawal", new { reason = "Merged into another member" });

        Assert.Equal(HttpStatusCode.OK, withdrew.StatusCode);
        var history = (await platform.Http.GetNode($"/api/projects/{project}/history")).AsArray();
        Assert.Equal("member-withdrew", (string)history[^1]!["data"]!["why"]!);
        Assert.True((bool)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["needsAttention"]!);
        using var again = await platform.Secretariat.Post($"/api/members/{partner.MemberId}/tier", new { tier = "strategic" });
        Assert.Equal("member-has-left", (string)(await again.Read())["rule"]!);
    }

    [Fact]
    public async Task Members_are_found_by_their_chinese_and_former_names()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var member = await platform.Member($"Cambricon {tag}", nameZh: $"寒武纪{tag}");

        (await platform.Secretariat.Post($"/api/members/{member.MemberId}/name", new { name = $"Cambricon Technologies {tag}" })).EnsureSuccessStatusCode();

        foreach (var q in new[] { $"寒武纪{tag}", $"Cambricon {tag}", $"Technologies {tag}" })
        {
            var found = await platform.Http.GetNode($"/api/members?q={Uri.EscapeDataString(q)}");
            Assert.Contains(found["items"]!.AsArray(), m => (Guid)m!["memberId"]! == member.MemberId);
        }
    }

    [Fact]
    public async Task An_expulsion_is_decided_by_a_ballot_and_the_expelled_member_is_refused_everywhere()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("two-thirds-of-cast", pool.Select(m => (m, true)), purpose: "general");
        var member = await platform.Member($"Misbehaving Co {Guid.NewGuid():N}");

        using var requested = await platform.Secretariat.Post($"/api/members/{member.MemberId}/expulsion-requests", new { reason = "Repeated breaches of the IP policy" });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        await _ballots.ApproveAndClose(await _ballots.BallotOn(committee, member.MemberId.ToString()), pool);

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/members/{member.MemberId}"))["status"]! == "expelled", "member expelled");
        // A protected read: its token is refused (401) rather than merely lacking the right (403).
        await Eventually.True(async () => (await member.Client.GetAsync($"/api/members/{member.MemberId}/credentials")).StatusCode == HttpStatusCode.Unauthorized, "its token refused");
        using var token = await AccessTokens.Request(platform.Http, member.ClientId, member.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }
}
