using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Evaluations;

/// <summary>
/// Measured results through the gateway: a suite as a version of an evaluation standard, the automatic checks, the
/// peer review (objections, appointed reviewers, the window closing on the moved test clock), preview withdrawal,
/// the results table's sorting and derived columns, asOf, the comparison and the exports.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class EvaluationFlowTests(PlatformFixture platform)
{
    private HttpClient Sec => platform.Secretariat;

    private static async Task<string> Problem(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Fact]
    public async Task A_suite_is_a_version_of_an_evaluation_standard_validated_and_put_to_ballot_like_any_version()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create(ratify: false);
        // A preview category without its deadline, and an unknown system field: 400 naming each, nothing written.
        var bad = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(EvaluationSuiteSetup.Suite("x" + setup.Round), System.Text.Json.JsonSerializerOptions.Web))!;
        bad["categories"] = new JsonArray(new JsonObject { ["id"] = "preview" });
        bad["requiredSystemFields"] = new JsonArray("name", "favouriteColour");
        using (var refused = await Sec.Post($"/api/standards/{setup.Code}/versions", new { version = "2.0", evaluation = bad }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Read())["errors"]!.AsObject();
            Assert.True(errors.ContainsKey("evaluation.categories") && errors.ContainsKey("evaluation.requiredSystemFields"), errors.ToJsonString());
        }
        // The same round again is refused: result ids stay unique.
        using (var taken = await Sec.Post($"/api/standards/{setup.Code}/versions", new { version = "3.0", evaluation = EvaluationSuiteSetup.Suite(setup.Round) }))
            Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var standard = await platform.Http.GetNode($"/api/standards/{setup.Code}");
        Assert.Equal("evaluation", (string)standard["kind"]!);
        var version = standard["versions"]!.AsArray().Single()!;
        Assert.Equal(["llm-99", "vision"], version["evaluation"]!["benchmarks"]!.AsArray().Select(b => (string)b!["id"]!));
        Assert.False((bool)version["evaluation"]!["scenarios"]!.AsArray().Single(s => (string)s!["id"]! == "SingleStream")!["higherIsBetter"]!);

        // A conformance standard's versions carry no suite.
        var conformance = CompatibilityFlowTests.NewCode();
        var committee = (Guid)standard["committeeId"]!;
        (await Sec.Post("/api/standards", new { code = conformance, title = "Conformance", committeeId = committee })).EnsureSuccessStatusCode();
        using (var mixed = await Sec.Post($"/api/standards/{conformance}/versions", new
        {
            version = "1.0",
            requirements = new[] { new { id = "R1", level = "MUST", text = "x" } },
            evaluation = EvaluationSuiteSetup.Suite("y" + setup.Round),
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
            Assert.Contains("evaluation", (await mixed.Read())["errors"]!.AsObject().Select(e => e.Key));
        }

        // Ratification is the standards' own ballot flow.
        using var asked = await Sec.PostAsync($"/api/standards/{setup.Code}/versions/1.0/ratification-requests", null);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        await Eventually.True(async () => (await platform.Http.GetNode("/api/ballots?subjectKind=standard-version-ratification"))["items"]!.AsArray()
            .Any(b => ((string?)b!["subjectReference"])?.StartsWith(setup.Code + "/") == true), "Governance opened the ratification ballot");
    }

    [Fact]
    public async Task The_automatic_checks_record_every_failure_and_bad_input_is_refused_naming_the_field()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Eval Vendor {Guid.NewGuid():N}");
        var other = await platform.Member($"Eval Other {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Eval Box");

        // Malformed: a negative score, a javascript: link, no system: 400 naming each field, and no round number used.
        using (var bad = await vendor.Client.Post("/api/evaluations/submissions", new
        {
            productId = product,
            standard = setup.Code,
            version = "1.0",
            division = "closed",
            category = "available",
            results = new[] { new { benchmark = "llm-99", scenario = "Offline", score = -1.0, unit = "Tokens/s", logsUrl = "javascript:alert(1)" } },
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var errors = (await bad.Read())["errors"]!.AsObject().Select(e => e.Key).ToList();
            Assert.Contains("system", errors);
            Assert.Contains("results[0].score", errors);
            Assert.Contains("results[0].logsUrl", errors);
        }
        // Another member's product: 403.
        using (var foreign = await other.Client.Post("/api/evaluations/submissions", setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 100, "Tokens/s")])))
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);

        var submitted = await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product,
        [
            EvaluationSuiteSetup.Result("llm-99", "Offline", 100, "Tokens/s"),            // passes
            EvaluationSuiteSetup.Result("llm-99", "Server", 90, "Queries/s"),             // wrong unit
            EvaluationSuiteSetup.Result("llm-99", "SingleStream", 3, "Latency (ms)"),    // not a scenario of llm-99
            EvaluationSuiteSetup.Result("vision", "Offline", 1000, "Samples/s", accuracy: 70), // below the target in closed
            EvaluationSuiteSetup.Result("whisper", "Offline", 1, "Samples/s"),            // no such benchmark
        ]));
        Assert.Equal($"{setup.Round}-0001", (string)submitted["resultId"]!);
        Assert.Equal("under-review", (string)submitted["status"]!);
        var checks = submitted["results"]!.AsArray().ToDictionary(r => $"{r!["benchmark"]}/{r["scenario"]}", r => string.Join(" ", r!["checksFailed"]!.AsArray().Select(c => (string)c!)));
        Assert.Equal("", checks["llm-99/Offline"]);
        Assert.StartsWith("unit-mismatch", checks["llm-99/Server"]);
        Assert.StartsWith("scenario-unknown", checks["llm-99/SingleStream"]);
        Assert.StartsWith("accuracy-below-target", checks["vision/Offline"]);
        Assert.StartsWith("benchmark-unknown", checks["whisper/Offline"]);

        // The open division reports accuracy without the target; a description missing required fields fails as a whole.
        var open = await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product, [EvaluationSuiteSetup.Result("vision", "Offline", 900, "Samples/s", accuracy: 60)], division: "open"));
        Assert.Equal($"{setup.Round}-0002", (string)open["resultId"]!);
        Assert.Empty(open["results"]![0]!["checksFailed"]!.AsArray());
        var incomplete = await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product, [EvaluationSuiteSetup.Result("vision", "Offline", 900, "Samples/s")],
            system: new { name = "Box", nodes = 1, acceleratorsPerNode = 4 }));
        Assert.Equal("checks-failed", (string)incomplete["status"]!);
        Assert.Contains("system-description-incomplete: missing acceleratorModel, software", (string)incomplete["checksFailed"]![0]!);

        // Under review, the public sees nothing of it; members do.
        using (var hidden = await platform.Http.GetAsync($"/api/evaluations/submissions/{setup.Round}-0001"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("under-review", (string)(await other.Client.GetNode($"/api/evaluations/submissions/{setup.Round}-0001"))["status"]!);
    }

    [Fact]
    public async Task Results_are_published_when_the_window_closes_with_every_objection_resolved_and_sorted_per_metric()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Eval Vendor {Guid.NewGuid():N}");
        var rival = await platform.Member($"Eval Rival {Guid.NewGuid():N}");
        var lab = await platform.Member($"Eval Lab {Guid.NewGuid():N}", "reviewer");
        var otherLab = await platform.Member($"Eval Lab 2 {Guid.NewGuid():N}", "reviewer");
        var boxA = await EvaluationSuiteSetup.Product(platform, vendor, "Box A");
        var boxB = await EvaluationSuiteSetup.Product(platform, rival, "Box B");

        // A: 8 accelerators, power measured for Offline; B: 2 nodes × 4 accelerators, no power.
        var a = (string)(await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(boxA,
        [
            EvaluationSuiteSetup.Result("llm-99", "Offline", 8000, "Tokens/s", power: 4000, powerUnit: "Watts"),
            EvaluationSuiteSetup.Result("llm-99", "Server", 7000, "Tokens/s"),
            EvaluationSuiteSetup.Result("vision", "SingleStream", 2.5, "Latency (ms)"),
        ])))["resultId"]!;
        var b = (string)(await EvaluationSuiteSetup.Submit(rival.Client, setup.Submission(boxB,
        [
            EvaluationSuiteSetup.Result("llm-99", "Offline", 9600, "Tokens/s"),
            EvaluationSuiteSetup.Result("vision", "SingleStream", 1.5, "Latency (ms)"),
        ], system: EvaluationSuiteSetup.System(accelerators: 4, model: "Accel Y2", nodes: 2))))["resultId"]!;

        // The rival objects to A's Server result and, separately, to all of A; A's own member may not object to itself.
        using (var own = await vendor.Client.Post($"/api/evaluations/submissions/{a}/objections", new { reason = "mine" }))
            Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        using (var noReason = await rival.Client.Post($"/api/evaluations/submissions/{a}/objections", new { reason = " " }))
            Assert.Contains("reason", (await noReason.Read())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(1, (int)(await (await rival.Client.Post($"/api/evaluations/submissions/{a}/objections",
            new { reason = "The Server run violates the latency bound", results = new[] { "llm-99/Server" } })).Read())["number"]!);
        Assert.Equal(2, (int)(await (await rival.Client.Post($"/api/evaluations/submissions/{a}/objections", new { reason = "Unclear software stack" })).Read())["number"]!);

        // The secretariat appoints reviewers: never of the submitter or the objector; only the appointed one resolves.
        using (var conflicted = await Sec.Post($"/api/evaluations/submissions/{a}/objections/1/reviewer", new { reviewerMemberId = rival.MemberId }))
            Assert.Equal(HttpStatusCode.Conflict, conflicted.StatusCode);
        (await Sec.Post($"/api/evaluations/submissions/{a}/objections/1/reviewer", new { reviewerMemberId = lab.MemberId })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/evaluations/submissions/{a}/objections/2/reviewer", new { reviewerMemberId = lab.MemberId })).EnsureSuccessStatusCode();
        using (var notAppointed = await otherLab.Client.Post($"/api/evaluations/submissions/{a}/objections/1/resolution", new { upheld = true, reason = "x" }))
            Assert.Equal(HttpStatusCode.Forbidden, notAppointed.StatusCode);
        (await lab.Client.Post($"/api/evaluations/submissions/{a}/objections/1/resolution", new { upheld = true, reason = "The latency bound was exceeded" })).EnsureSuccessStatusCode();

        var before = DateTimeOffset.UtcNow;
        var later = before.AddDays(3);
        await using (await ServiceClock.MoveTo(platform.Direct, platform.Compatibility, later))
        {
            // The window has closed: B is published; A waits for its second objection.
            await Eventually.True(async () => (await platform.Http.GetNode($"/api/evaluations/submissions/{b}"))["status"]!.ToString() == "published", "B published");
            Assert.Equal("under-review", (string)(await rival.Client.GetNode($"/api/evaluations/submissions/{a}"))["status"]!);
            using (var late = await rival.Client.Post($"/api/evaluations/submissions/{a}/objections", new { reason = "Too late" }))
                Assert.Equal("review-window-closed", (string)(await late.Read())["rule"]!);
            (await lab.Client.Post($"/api/evaluations/submissions/{a}/objections/2/resolution", new { upheld = false, reason = "The stack is described" })).EnsureSuccessStatusCode();
            await Eventually.True(async () => (await platform.Http.GetNode($"/api/evaluations/submissions/{a}"))["status"]!.ToString() == "published", "A published");
            var history = (await platform.Http.GetNode($"/api/evaluations/submissions/{a}/history")).AsArray().Select(e => (string)e!["type"]!).ToList();
            Assert.Equal(["evaluation_submitted", "evaluation_objection_filed", "evaluation_objection_filed", "evaluation_reviewer_appointed", "evaluation_reviewer_appointed",
                "evaluation_objection_resolved", "evaluation_objection_resolved", "evaluation_review_closed", "evaluation_result_published", "evaluation_result_published"], history);

            // The upheld objection struck A's Server result. Throughput: higher first; per accelerator and per watt where they apply.
            var server = await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&benchmark=llm-99&scenario=Server");
            Assert.Equal(0, (int)server["total"]!);
            var offline = (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&benchmark=llm-99&scenario=Offline"))["items"]!.AsArray();
            Assert.Equal([b, a], offline.Select(r => (string)r!["resultId"]!));
            Assert.Equal(1200.0, (double)offline[0]!["perAccelerator"]!); // 9600 / (2 nodes × 4)
            Assert.Null(offline[0]!["perWatt"]);                          // no power measured
            Assert.Equal(1000.0, (double)offline[1]!["perAccelerator"]!); // 8000 / 8
            Assert.Equal(2.0, (double)offline[1]!["perWatt"]!);           // 8000 / 4000 W
            // Latency: lower first, and no per-accelerator or per-watt column for it.
            var latency = (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&benchmark=vision&scenario=SingleStream"))["items"]!.AsArray();
            Assert.Equal([b, a], latency.Select(r => (string)r!["resultId"]!));
            Assert.True(latency.All(r => r!["perAccelerator"] is null && r["perWatt"] is null));
            Assert.Equal([a, b], (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&benchmark=llm-99&scenario=Offline&sort=perWatt"))["items"]!
                .AsArray().Select(r => (string)r!["resultId"]!));
            Assert.Equal([a], (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&accelerator=X1&scenario=Offline"))["items"]!
                .AsArray().Select(r => (string)r!["resultId"]!));
            // As of before the window closed: nothing was published yet.
            Assert.Equal(0, (int)(await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&asOf={Uri.EscapeDataString(before.ToString("O"))}"))["total"]!);

            // The comparison: the benchmarks both ran, with the best in each metric's direction.
            var compare = await platform.Http.GetNode($"/api/evaluations/compare?results={a},{b}");
            var shared = compare["benchmarks"]!.AsArray().Select(x => $"{x!["benchmark"]}/{x["scenario"]}:{x["best"]}").ToList();
            Assert.Equal([$"llm-99/Offline:{b}", $"vision/SingleStream:{b}"], shared);
            using (var one = await platform.Http.GetAsync($"/api/evaluations/compare?results={a}"))
                Assert.Contains("results", (await one.Read())["errors"]!.AsObject().Select(e => e.Key));

            // Exports as of an instant are the same bytes each time, and say the instant in every row.
            var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(3).AddMinutes(1).ToString("O"));
            var csv = await platform.Http.GetStringAsync($"/api/evaluations/results.csv?standard={setup.Code}&asOf={asOf}");
            Assert.Equal(csv, await platform.Http.GetStringAsync($"/api/evaluations/results.csv?standard={setup.Code}&asOf={asOf}"));
            Assert.Equal(5, csv.Trim().Split('\n').Length); // the header and 4 results
            var json = await platform.Http.GetNode($"/api/evaluations/results.json?standard={setup.Code}&asOf={asOf}");
            Assert.Equal(4, json["items"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task A_preview_system_not_available_by_its_deadline_is_withdrawn_and_one_that_became_available_stays()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Eval Preview {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Preview Box");
        // Member text is hostile: the system's name reaches the Portal's table only encoded.
        var hostile = new { name = "<img src=x onerror=alert(1)>", nodes = 1, acceleratorsPerNode = 8, acceleratorModel = "Accel X1", software = "Stack" };
        var late = (string)(await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 500, "Tokens/s")],
            category: "preview", system: hostile)))["resultId"]!;
        var ready = await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 400, "Tokens/s")], category: "preview"));
        var deadline = (DateTimeOffset)ready["availableBy"]!;
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10.1));
        (await vendor.Client.Post($"/api/evaluations/submissions/{ready["resultId"]}/availability", new { evidenceUrl = "https://shop.example.org/preview-box" })).EnsureSuccessStatusCode();

        await using (await ServiceClock.MoveTo(platform.Direct, platform.Compatibility, DateTimeOffset.UtcNow.AddDays(3)))
        {
            await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/evaluations/submissions/{late}"))["status"]! == "published", "published after review");
            // The Portal's results page (the gateway's root): both rows, the hostile name encoded, the per-accelerator column filled.
            var page = await platform.Http.GetStringAsync($"/evaluations?standard={setup.Code}");
            Assert.Contains(late, page);
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page);
            Assert.DoesNotContain("<img src=x", page);
            var compared = await platform.Http.GetStringAsync($"/evaluations/compare?results={late}&results={ready["resultId"]}");
            Assert.Contains("evaluation-comparison", compared);
        }
        var published = DateTimeOffset.UtcNow.AddDays(3).AddHours(1);
        await using (await ServiceClock.MoveTo(platform.Direct, platform.Compatibility, deadline.AddDays(1)))
        {
            await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/evaluations/submissions/{late}"))["status"]! == "withdrawn", "withdrawn at the deadline");
            Assert.Equal("published", (string)(await platform.Http.GetNode($"/api/evaluations/submissions/{ready["resultId"]}"))["status"]!);
            Assert.Equal([(string)ready["resultId"]!], (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}"))["items"]!.AsArray().Select(r => (string)r!["resultId"]!));
            var withdrawn = (await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&status=withdrawn"))["items"]!.AsArray().Single()!;
            Assert.Equal(late, (string)withdrawn["resultId"]!);
            // As of the time between publication and the deadline, it was published.
            Assert.Equal(2, (int)(await platform.Http.GetNode($"/api/evaluations/results?standard={setup.Code}&asOf={Uri.EscapeDataString(published.ToString("O"))}"))["total"]!);
        }
    }

    [Fact]
    public async Task Each_evaluation_write_is_refused_to_roles_that_may_not_make_it()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Eval Roles {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Eval Roles Lab {Guid.NewGuid():N}", "reviewer");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Roles Box");
        var id = (string)(await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 1, "Tokens/s")])))["resultId"]!;
        async Task Expect(HttpStatusCode status, HttpClient client, string url, object body)
        {
            using var response = await client.Post(url, body);
            Assert.True(response.StatusCode == status, $"{url}: {response.StatusCode} {await Problem(response)}");
        }
        await Expect(HttpStatusCode.Unauthorized, platform.Http, "/api/evaluations/submissions", setup.Submission(product, []));
        await Expect(HttpStatusCode.Forbidden, reviewer.Client, "/api/evaluations/submissions", setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 1, "Tokens/s")]));
        await Expect(HttpStatusCode.Forbidden, reviewer.Client, $"/api/evaluations/submissions/{id}/objections", new { reason = "x" });
        await Expect(HttpStatusCode.Forbidden, vendor.Client, $"/api/evaluations/submissions/{id}/objections/1/reviewer", new { reviewerMemberId = reviewer.MemberId });
        await Expect(HttpStatusCode.Forbidden, vendor.Client, $"/api/evaluations/submissions/{id}/objections/1/resolution", new { upheld = false, reason = "x" });
        await Expect(HttpStatusCode.Forbidden, vendor.Client, $"/api/evaluations/submissions/{id}/withdrawal", new { reason = "x" });
        await Expect(HttpStatusCode.Forbidden, reviewer.Client, $"/api/evaluations/submissions/{id}/availability", new { evidenceUrl = "https://x.example.org" });
        // Historical mode is the secretariat's alone.
        var historical = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(setup.Submission(product, [EvaluationSuiteSetup.Result("llm-99", "Offline", 1, "Tokens/s")]),
            System.Text.Json.JsonSerializerOptions.Web))!;
        historical["publishedAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O");
        historical["reviewedBy"] = "Me";
        await Expect(HttpStatusCode.Forbidden, vendor.Client, "/api/evaluations/submissions", historical);
    }
}
