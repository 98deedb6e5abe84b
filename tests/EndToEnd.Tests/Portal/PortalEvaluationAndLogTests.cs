using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alliance.EndToEnd.Tests.Evaluations;
using Alliance.Testing;
using Alliance.Transparency;
using Xunit;

namespace Alliance.EndToEnd.Tests.Portal;

/// <summary>
/// The Portal's benchmark forms and transparency-log lines, read and posted as plain HTTP through the gateway: the
/// submission form creates a submission (seen through the API), a refused one names the field and writes nothing, an
/// objection filed by form is in the submission's history, a product page lists its results with their state, and a
/// decision says where it is in the public log with a link to a receipt that verifies.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class PortalEvaluationAndLogTests(PlatformFixture platform)
{
    private readonly BallotFlowTests _ballots = new(platform);

    /// <summary>A browser without JavaScript: cookies, signed in through the sign-in form.</summary>
    private sealed class FormBrowser(HttpClient http) : IDisposable
    {
        public HttpClient Http { get; } = http;

        public async Task<string> Get(string path)
        {
            using var response = await Http.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
            return html;
        }

        /// <summary>Posts a form of the page at path (its anti-forgery token read from the page), and returns the page it answers with.</summary>
        public async Task<(string Html, HttpResponseMessage Response)> Post(string path, string formPage, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var token = Token().Match(formPage).Groups[1].Value;
            Assert.NotEqual("", token);
            var response = await Http.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
            return (await response.Content.ReadAsStringAsync(), response);
        }

        public void Dispose() => Http.Dispose();
    }

    private async Task<FormBrowser> SignIn(string clientId, string secret, string? language = null)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(platform.Gateway.Url) };
        if (language is not null) http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", language);
        var browser = new FormBrowser(http);
        var form = await browser.Get("/signin");
        var (_, signedIn) = await browser.Post("/signin", form, new Dictionary<string, string> { ["ClientId"] = clientId, ["ClientSecret"] = secret });
        Assert.EndsWith("/workspace", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        return browser;
    }

    private static string Text(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    private static string FieldError(string html, string field) =>
        Text(Regex.Match(html, $"<p class=\"field-error\" id=\"{Regex.Escape(field)}-error\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value).Trim();

    /// <summary>The step-2 form as a browser posts it: every field of every row, the empty ones too (the rows bind by index from 0).</summary>
    private static Dictionary<string, string> Form(int rows, params (string Field, string Value)[] values)
    {
        var form = SystemFields();
        form["Rows"] = rows.ToString();
        for (var i = 0; i < rows; i++)
            foreach (var f in new[] { "Benchmark", "Scenario", "Score", "Unit", "Accuracy", "Power", "PowerUnit", "LogsUrl", "CodeUrl" })
                form[$"Results[{i}].{f}"] = "";
        foreach (var (field, value) in values) form[field] = value;
        return form;
    }

    private static Dictionary<string, string> SystemFields() => new()
    {
        ["Division"] = "closed",
        ["Category"] = "available",
        ["System.Name"] = "Form Box <8>",
        ["System.Nodes"] = "1",
        ["System.AcceleratorsPerNode"] = "8",
        ["System.AcceleratorModel"] = "Accel X1",
        ["System.Processor"] = "2x CPU",
        ["System.Software"] = "Stack 1.0",
    };

    [Fact]
    public async Task The_submission_form_creates_a_submission_that_the_api_shows()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Form Vendor {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Form Box");
        using var browser = await SignIn(vendor.ClientId, vendor.Secret);

        var path = $"/workspace/evaluations/new?ProductId={product}&Standard={setup.Code}&Version=1.0&Rows=2";
        var form = await browser.Get(path);
        Assert.Contains("id=\"evaluation-form\"", form);
        // "Add a row" posts the form back with one row more and what was typed kept; nothing is submitted.
        var (added, _) = await browser.Post(path, form, Form(2, ("Results[0].Score", "12.5"), ("AddRow", "true")));
        Assert.Contains("name=\"Results[2].Score\"", added);
        Assert.Contains("value=\"12.5\"", added);

        // The first row is left empty: it is not sent. No unit in the second: the suite's unit for llm-99 Offline.
        var fields = Form(3,
            ("Results[1].Benchmark", "llm-99"), ("Results[1].Scenario", "Offline"), ("Results[1].Score", "1234.5"), ("Results[1].Accuracy", "ROUGE1=45.2"),
            ("Results[1].Power", "500"), ("Results[1].LogsUrl", "https://logs.example.org/form/1"),
            ("Results[2].Benchmark", "vision"), ("Results[2].Scenario", "SingleStream"), ("Results[2].Score", "0.8"), ("Results[2].Unit", "Latency (ms)"),
            ("Results[2].Accuracy", "acc=76"));
        var (html, response) = await browser.Post(path, added, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var resultId = $"{setup.Round}-0001";
        Assert.Contains($"Submitted as {resultId}", Text(html));
        Assert.Contains("Every automatic check passed.", Text(html));

        var submission = await vendor.Client.GetNode($"/api/evaluations/submissions/{resultId}");
        Assert.Equal("under-review", (string)submission["status"]!);
        Assert.Equal(product, (Guid)submission["row"]!["productId"]!);
        Assert.Equal("Form Box <8>", (string)submission["row"]!["system"]!["name"]!);
        var results = submission["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        var llm = results.Single(r => (string)r!["benchmark"]! == "llm-99")!;
        Assert.Equal(1234.5, (double)llm["score"]!);
        Assert.Equal("Tokens/s", (string)llm["unit"]!);
        Assert.Equal(500, (double)llm["power"]!);
        Assert.Equal("Watts", (string)llm["powerUnit"]!);
        Assert.Equal(45.2, (double)llm["accuracy"]!["ROUGE1"]!);
        Assert.Equal("https://logs.example.org/form/1", (string)llm["logsUrl"]!);
        Assert.Equal("Latency (ms)", (string)results.Single(r => (string)r!["benchmark"]! == "vision")!["unit"]!);
    }

    [Fact]
    public async Task A_refused_submission_names_the_field_beside_it_and_writes_nothing()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Form Vendor {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Refused Box");
        using var browser = await SignIn(vendor.ClientId, vendor.Secret, "zh-CN");
        var path = $"/workspace/evaluations/new?ProductId={product}&Standard={setup.Code}&Version=1.0&Rows=2";
        var form = await browser.Get(path);

        // A number the form cannot read: named beside its field in the page's language, nothing sent.
        var (unread, _) = await browser.Post(path, form, Form(2,
            ("Results[0].Benchmark", "llm-99"), ("Results[0].Scenario", "Offline"), ("Results[0].Score", "fast"), ("Results[0].Accuracy", "ROUGE1=45")));
        Assert.Equal("请填写数字。", FieldError(unread, "Results[0].Score"));

        // The service's refusal (400 problem+json): a negative score and a javascript: link in the second row (the first is empty, so
        // the service calls it results[0]) are shown beside the second row's fields.
        var (refused, response) = await browser.Post(path, form, Form(2,
            ("Results[1].Benchmark", "llm-99"), ("Results[1].Scenario", "Offline"), ("Results[1].Score", "-1"), ("Results[1].Accuracy", "ROUGE1=45"),
            ("Results[1].LogsUrl", "javascript:alert(1)")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("", FieldError(refused, "Results[1].Score"));
        Assert.Equal("请填写完整的 http(s) 地址。", FieldError(refused, "Results[1].LogsUrl"));
        Assert.Contains("aria-describedby=\"Results[1].LogsUrl-error\"", refused);
        Assert.DoesNotContain("id=\"submitted\"", refused);
        // The hostile link is shown back only as an encoded attribute value.
        Assert.DoesNotContain("<script", refused);

        // Nothing was written: no submission, and no number of the round used.
        using (var none = await vendor.Client.GetAsync($"/api/evaluations/submissions/{setup.Round}-0001"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var (ok, _) = await browser.Post(path, form, Form(2,
            ("Results[0].Benchmark", "llm-99"), ("Results[0].Scenario", "Offline"), ("Results[0].Score", "10"), ("Results[0].Accuracy", "ROUGE1=45")));
        Assert.Contains($"{setup.Round}-0001", Text(ok));
    }

    [Fact]
    public async Task An_objection_filed_by_form_is_in_the_submissions_history()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Form Vendor {Guid.NewGuid():N}");
        var rival = await platform.Member($"Form Rival {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Objected Box");
        var resultId = (string)(await EvaluationSuiteSetup.Submit(vendor.Client, setup.Submission(product,
            [EvaluationSuiteSetup.Result("llm-99", "Offline", 100, "Tokens/s"), EvaluationSuiteSetup.Result("vision", "Offline", 900, "Samples/s")])))["resultId"]!;

        using var browser = await SignIn(rival.ClientId, rival.Secret);
        var path = $"/workspace/evaluations/objections?resultId={resultId}";
        var page = await browser.Get(path);
        Assert.Contains("id=\"objection-form\"", page);
        Assert.Contains("value=\"llm-99/Offline\"", page);

        // No reason: refused beside the field, nothing filed.
        var (refused, _) = await browser.Post(path, page, new Dictionary<string, string> { ["ResultId"] = resultId, ["Reason"] = "" });
        Assert.Equal("This field is required.", FieldError(refused, "Reason"));

        var reason = "The <b>Offline</b> run used a non-reference model";
        var (filed, response) = await browser.Post(path, page, new Dictionary<string, string> { ["ResultId"] = resultId, ["Reason"] = reason, ["Results"] = "llm-99/Offline" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Objection 1 was filed", Text(filed));
        Assert.Contains(WebUtility.HtmlEncode(reason), filed); // member text is encoded, never markup

        var history = (await rival.Client.GetNode($"/api/evaluations/submissions/{resultId}/history")).AsArray();
        var objection = history.Single(e => (string)e!["type"]! == "evaluation_objection_filed")!;
        Assert.Equal(reason, (string)objection["data"]!["reason"]!);
        Assert.Equal(["llm-99/Offline"], objection["data"]!["results"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(rival.MemberId, (Guid)objection["data"]!["objectorId"]!);

        // The submitter itself may not object: the service's 409 is shown on top of the form.
        using var own = await SignIn(vendor.ClientId, vendor.Secret);
        var ownPage = await own.Get(path);
        var (self, _) = await own.Post(path, ownPage, new Dictionary<string, string> { ["ResultId"] = resultId, ["Reason"] = "Mine" });
        Assert.NotEqual("", FieldError(self, ""));
        Assert.Single((await rival.Client.GetNode($"/api/evaluations/submissions/{resultId}/history")).AsArray(), e => (string)e!["type"]! == "evaluation_objection_filed");
    }

    [Fact]
    public async Task A_product_page_lists_its_published_and_withdrawn_results_with_their_state()
    {
        var setup = await new EvaluationSuiteSetup(platform).Create();
        var vendor = await platform.Member($"Form Vendor {Guid.NewGuid():N}");
        var product = await EvaluationSuiteSetup.Product(platform, vendor, "Results Box");
        async Task<string> Historical(object[] results)
        {
            var body = (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(setup.Submission(product, results), JsonSerializerOptions.Web))!;
            // As of now: the vendor was admitted moments ago, and the checks run as of effectiveAt.
            var now = DateTimeOffset.UtcNow.ToString("O");
            body["effectiveAt"] = now;
            body["publishedAt"] = now;
            body["reviewedBy"] = "MLCommons";
            body["source"] = "portal test";
            return (string)(await EvaluationSuiteSetup.Submit(platform.Secretariat, body))["resultId"]!;
        }
        var kept = await Historical([EvaluationSuiteSetup.Result("llm-99", "Offline", 4321, "Tokens/s")]);
        var dropped = await Historical([EvaluationSuiteSetup.Result("vision", "SingleStream", 0.75, "Latency (ms)")]);
        (await platform.Secretariat.Post($"/api/evaluations/submissions/{dropped}/withdrawal", new { reason = "Logs missing" })).EnsureSuccessStatusCode();

        string Row(string html, string resultId) =>
            Text(Regex.Match(html, $"<tr>\\s*<td class=\"mono\">{Regex.Escape(resultId)}</td>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value);
        using var anonymous = new HttpClient { BaseAddress = new Uri(platform.Gateway.Url) };
        string html = "";
        await Eventually.True(async () =>
        {
            html = await anonymous.GetStringAsync($"/products/{product}");
            return Row(html, dropped).Contains("withdrawn");
        }, "the product page shows the withdrawn result");
        var published = Row(html, kept);
        Assert.Contains("llm-99", published);
        Assert.Contains("Offline", published);
        Assert.Contains("4,321 Tokens/s", published);
        Assert.Contains("closed", published);
        Assert.Contains("available", published);
        Assert.Contains("published", published);
        Assert.Contains("Reviewed: MLCommons", published);
        Assert.Contains($"/evaluations?benchmark=llm-99&amp;scenario=Offline&amp;division=closed", html);
        Assert.Contains("Logs missing", Row(html, dropped));

        using var zhRequest = new HttpRequestMessage(HttpMethod.Get, $"/products/{product}");
        zhRequest.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");
        var zh = await (await anonymous.SendAsync(zhRequest)).Content.ReadAsStringAsync();
        Assert.Contains("测评结果", zh);
        Assert.Contains("已发布", Row(zh, kept));
        Assert.Contains("已撤回", Row(zh, dropped));
    }

    [Fact]
    public async Task A_decision_says_where_it_is_in_the_public_log_and_links_a_receipt_that_verifies()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var ballot = await _ballots.Open(committee, "simple-majority");
        (await pool[0].Client.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
        (await platform.Secretariat.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
        var decision = (await platform.Http.GetNode("/api/decisions?pageSize=100"))["items"]!.AsArray().First(d => (Guid)d!["ballotId"]! == ballot)!;
        var eventId = (Guid)decision["eventId"]!;
        var decisionId = (Guid)decision["decisionId"]!;

        using var anonymous = new HttpClient { BaseAddress = new Uri(platform.Gateway.Url) };
        async Task<string> Article(string language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
            var html = await (await anonymous.SendAsync(request)).Content.ReadAsStringAsync();
            return Regex.Match(html, $"<article aria-labelledby=\"d-{decisionId}\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        }
        // The log records the event a moment after it is stored, and signs a checkpoint over it within its interval.
        var article = "";
        await Eventually.True(async () => (article = await Article("en")).Contains($"href=\"/api/log/receipts/{eventId}\""),
            "the decision links its receipt", TimeSpan.FromSeconds(60));
        var index = long.Parse(Regex.Match(Text(article), @"In the public log at index ([\d,]+)").Groups[1].Value.Replace(",", ""));

        var receiptJson = await anonymous.GetStringAsync($"/api/log/receipts/{eventId}");
        var receipt = JsonSerializer.Deserialize<Receipt>(receiptJson, JsonSerializerOptions.Web)!;
        var key = NoteVerifier.Parse((string)(await anonymous.GetFromJsonNode("/api/log/key"))["verifierKey"]!);
        Assert.Null(receipt.Verify(key));
        Assert.Equal((ulong)index, receipt.LeafIdx);
        var leaf = JsonNode.Parse(receipt.Leaf)!;
        Assert.Equal("governance", (string)leaf["service"]!);
        Assert.Equal(ballot.ToString(), (string)leaf["streamId"]!);
        Assert.Equal("decision_reached", (string)leaf["eventType"]!);
        Assert.Equal(eventId, (Guid)leaf["eventId"]!);

        Assert.Contains($"已记入公开日志，序号 {index:N0}", Text(await Article("zh-CN")));

        // A member's page and a member's admission, likewise.
        var member = await platform.Member($"Log Member {Guid.NewGuid():N}");
        var page = "";
        await Eventually.True(async () => Regex.IsMatch(page = await anonymous.GetStringAsync($"/members/{member.MemberId}"), "href=\"/api/log/receipts/[0-9a-f-]{36}\""),
            "the member page links its events' receipts", TimeSpan.FromSeconds(60));
        Assert.Contains("In the public log at index", Text(page));
    }

    [Fact]
    public async Task The_logs_place_lookup_names_a_bad_event_id_list_and_leaves_out_events_it_lacks()
    {
        using var bad = await platform.Http.GetAsync("/api/log/leaves?eventIds=not-a-uuid");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Read())["errors"]!.AsObject().ContainsKey("eventIds"));
        using var tooMany = await platform.Http.GetAsync("/api/log/leaves?eventIds=" + string.Join(',', Enumerable.Range(0, 101).Select(_ => Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        var unknown = Guid.NewGuid();
        var answer = await platform.Http.GetNode($"/api/log/leaves?eventIds={unknown}");
        Assert.Empty(answer["leaves"]!.AsArray());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}

internal static class NodeReads
{
    public static async Task<JsonNode> GetFromJsonNode(this HttpClient http, string url) => JsonNode.Parse(await http.GetStringAsync(url))!;
}
