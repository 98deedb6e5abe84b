using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Registry.Tests.Projects;

[Collection(RegistryCollection.Name)]
public sealed class ProjectApiTests(RegistryFixture fixture)
{
    private async Task<(Guid Lead, Guid Partner, RegistryFixture.Credential LeadRep, RegistryFixture.Credential PartnerRep)> Pair()
    {
        var (lead, partner) = (await fixture.AdmittedMember(), await fixture.AdmittedMember());
        return (lead, partner, await fixture.CredentialFor(lead), await fixture.CredentialFor(partner));
    }

    private static object Proposal(Guid lead, Guid partner, string title, string area, string start = "2027-01-01", string currency = "CNY") => new
    {
        title,
        summary = "Joint work",
        researchAreas = new[] { area },
        leadMemberId = lead,
        partners = new[] { new { memberId = partner, role = "partner" } },
        plannedStart = start,
        plannedEnd = "2028-12-31",
        budget = new { amount = 1000, currency },
        ipPolicy = "open",
    };

    [Fact]
    public async Task The_project_list_filters_by_status_member_area_text_and_start_date()
    {
        var (lead, partner, leadRep, partnerRep) = await Pair();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first = (Guid)(await (await leadRep.Client.Post("/projects", Proposal(lead, partner, $"Photonics {tag}", $"photonics-{tag}"))).Read())["projectId"]!;
        var second = (Guid)(await (await leadRep.Client.Post("/projects", Proposal(lead, partner, $"Compilers {tag}", $"compilers-{tag}", "2027-06-01"))).Read())["projectId"]!;
        (await partnerRep.Client.PostAsync($"/projects/{second}/partners/{partner}/decline", null)).EnsureSuccessStatusCode();

        async Task<Guid[]> Ids(string query) =>
            (await fixture.Http.GetNode($"/projects?{query}&pageSize=200"))["items"]!.AsArray().Select(p => (Guid)p!["projectId"]!).ToArray();

        Assert.Equal([first], await Ids($"area=photonics-{tag}"));
        Assert.Equal([second, first], await Ids($"member={partner}"));
        Assert.Equal([second], await Ids($"q=compilers%20{tag}"));
        Assert.Equal([second], await Ids($"member={lead}&startFrom=2027-03-01"));
        var declined = await fixture.Http.GetNode($"/projects/{second}");
        Assert.Equal("declined", (string)declined["partners"]![0]!["consent"]!);
        Assert.True((bool)declined["project"]!["needsAttention"]!);
    }

    [Fact]
    public async Task Bad_proposals_name_their_fields_and_write_nothing()
    {
        var (lead, partner, leadRep, _) = await Pair();
        var before = await fixture.Registry.Scalar<long>("select count(*) from mt_events");

        using var badCurrency = await leadRep.Client.Post("/projects", Proposal(lead, partner, "X", "x", currency: "YUAN"));
        using var forOther = await leadRep.Client.Post("/projects", Proposal(partner, lead, "X", "x"));
        using var anonymous = await fixture.Http.Post("/projects", Proposal(lead, partner, "X", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, badCurrency.StatusCode);
        Assert.NotNull((await badCurrency.Read())["errors"]!["budget.currency"]);
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(before, await fixture.Registry.Scalar<long>("select count(*) from mt_events"));
    }
}
