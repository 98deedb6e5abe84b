using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

/// <summary>The public licence endpoints of a real Governance service on its own database: the seeded policy and the checker.</summary>
public sealed class LicenceApiTests() : InProcessService<Program>("governance")
{
    private async Task<System.Text.Json.Nodes.JsonNode> CheckOk(string expression)
    {
        using var response = await Http.Post("/licence-checks", new { expression });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Read();
    }

    [Fact]
    public async Task The_seed_policy_is_adopted_once_on_the_first_start_and_its_history_begins_with_it()
    {
        var policy = await Http.GetNode("/licence-policy");
        var history = (await Http.GetNode("/licence-policy/history")).AsArray();

        Assert.Equal(1, (long)policy["version"]!);
        Assert.Contains("spdx-license-list@", (string)policy["spdxList"]!);
        var entries = policy["entries"]!.AsArray();
        Assert.Equal(LicenceSeedCount, entries.Count);
        Assert.Equal("allowed", (string)entries.Single(e => (string)e!["key"]! == "MIT")!["category"]!);
        Assert.Single(history);
        Assert.Contains("Apache", (string)history[0]!["reason"]!);
        Assert.Equal(1L, await Factory.Scalar<long>("select count(*) from mt_events where type = 'licence_policy_adopted'"));
        Assert.All((await Http.GetNode("/licence-policy?category=forbidden"))["entries"]!.AsArray(), e => Assert.Equal("forbidden", (string)e!["category"]!));
    }

    private static readonly int LicenceSeedCount = PolicyEvaluationTests.Seed.Count;

    [Fact]
    public async Task A_check_answers_valid_category_and_the_term_that_decided()
    {
        var body = await CheckOk("gpl-3.0-only OR (mit AND bsd-3-clause)");

        Assert.True((bool)body["valid"]!);
        Assert.Equal("GPL-3.0-only OR MIT AND BSD-3-Clause", (string)body["normalized"]!);
        Assert.Equal("allowed", (string)body["category"]!);
        Assert.Equal("A", (string)body["apacheCategory"]!);
        Assert.Equal("MIT", (string)body["decidingTerm"]!);
        Assert.StartsWith("OR takes the best option", (string)body["explanation"]!);
        Assert.Equal(3, body["terms"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_invalid_expression_is_answered_not_refused_with_each_error_and_its_position()
    {
        var body = await CheckOk("MIT OR Apache2 OR Foo-1");

        Assert.False((bool)body["valid"]!);
        Assert.Null(body["category"]);
        var errors = body["errors"]!.AsArray();
        Assert.Equal([8, 19], errors.Select(e => (int)e!["position"]!));
        Assert.Contains("did you mean 'Apache-2.0'", (string)body["explanation"]!);
    }

    [Fact]
    public async Task A_missing_expression_is_a_400_naming_the_field_and_deprecated_ids_warn()
    {
        using var missing = await Http.Post("/licence-checks", new { });
        var deprecated = await CheckOk("GPL-2.0+");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("expression", (await missing.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("forbidden", (string)deprecated["category"]!);
        Assert.Contains("deprecated", (string)deprecated["warnings"]![0]!["message"]!);
    }

    [Fact]
    public async Task Commands_need_a_credential_and_reads_of_unknown_things_are_404()
    {
        using var propose = await Http.Post("/oss-projects", new { name = "x" });
        using var change = await Http.Post("/licence-policy/changes", new { reason = "x" });
        using var unknown = await Http.GetAsync($"/oss-projects/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Unauthorized, propose.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, change.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/landscape")).StatusCode);
    }
}
