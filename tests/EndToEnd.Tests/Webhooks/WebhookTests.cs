using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Alliance.Testing;
using StandardWebhooks;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests.Webhooks;

/// <summary>
/// Webhooks through the gateway to a real receiver: a revocation delivered signed (Standard Webhooks), retried past an
/// endpoint that is down for two attempts, logged, redelivered with the same webhook-id (a duplicate to the receiver);
/// rotation signing with both secrets; 410 disabling the endpoint; SSRF refusals at registration and at send.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WebhookTests(PlatformFixture platform, ITestOutputHelper output)
{
    private readonly BallotFlowTests _ballots = new(platform);

    private static readonly object Pass = new[] { new { requirementId = "R1", outcome = "pass" } };

    private async Task<(Guid Product, Guid Certification, HttpClient VendorAdmin, Guid VendorId)> Certified()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await platform.Secretariat.Post("/api/standards", new { code, title = "Webhook test", committeeId = committee, validity = new { kind = "fixed", months = 24 } })).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs" } } })).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/standards/{code}/versions/1.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-30), source = "test" })).EnsureSuccessStatusCode();
        var vendor = await platform.Member($"Hook Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Hook Lab {Guid.NewGuid():N}", "reviewer");
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Hooked Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "1.0", results = Pass })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        return (product, certification, vendor.Client, vendor.MemberId);
    }

    private static async Task<(Guid Id, string Secret)> Register(HttpClient admin, string url, string[] types, Guid? product = null)
    {
        using var created = await admin.Post("/api/webhooks", new { url, eventTypes = types, productId = product });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl?.ToString() ?? "");
        var body = await created.Read();
        return ((Guid)body["webhook"]!["webhookId"]!, (string)body["secret"]!);
    }

    private async Task<JsonObject> Delivery(HttpClient admin, Guid webhook, Func<JsonNode, bool> done, string what)
    {
        JsonObject? found = null;
        await Eventually.True(async () =>
        {
            found = (await admin.GetNode($"/api/webhooks/{webhook}/deliveries"))["items"]!.AsArray().OfType<JsonObject>().FirstOrDefault(d => done(d));
            return found is not null;
        }, what, TimeSpan.FromSeconds(60));
        return found!;
    }

    [Fact]
    public async Task A_revocation_reaches_a_receiver_signed_after_two_failed_attempts_and_a_redelivery_is_a_duplicate()
    {
        var (product, certification, admin, _) = await Certified();
        await using var receiver = new WebhookReceiver { FailFirst = 2 };
        await receiver.Start();
        var (webhook, secret) = await Register(admin, receiver.Url, ["certification.revoked"], product);
        Assert.StartsWith("whsec_", secret);
        receiver.Secret = secret;
        // The secret is shown once: never in the webhook's own view.
        Assert.DoesNotContain(secret, (await admin.GetNode($"/api/webhooks/{webhook}")).ToJsonString());

        var revokedAt = Stopwatch.StartNew();
        (await platform.Secretariat.Post($"/api/certifications/{certification}/revocation", new { reason = "Failed the re-test" })).EnsureSuccessStatusCode();
        await Eventually.True(() => Task.FromResult(receiver.All.Any(r => r.Verified)), "a verified delivery", TimeSpan.FromSeconds(60));
        var landed = revokedAt.Elapsed;
        output.WriteLine($"revocation → verified delivery (after two failed attempts): {landed.TotalMilliseconds:0} ms");

        var delivered = receiver.All.Single(r => r.Verified);
        var payload = JsonNode.Parse(delivered.Body)!;
        Assert.Equal("certification.revoked", (string)payload["type"]!);
        Assert.Equal(certification, (Guid)payload["data"]!["certificationId"]!);
        Assert.Equal("revoked", (string)payload["data"]!["status"]!);
        Assert.False(delivered.Duplicate);

        var log = await Delivery(admin, webhook, d => (string)d["status"]! == "delivered", "the delivery logged as delivered");
        Assert.Equal(delivered.Id, (string)log["eventId"]!);
        Assert.Equal([503, 503, 200], log["attemptLog"]!.AsArray().Select(a => (int)a!["responseCode"]!));
        Assert.True(((string?)log["attemptLog"]![2]!["responseExcerpt"])!.Length <= 1024); // the receiver answered 5,000 bytes

        // A manual redelivery carries the same webhook-id: the receiver recognises it.
        using var redelivery = await admin.PostAsync($"/api/webhooks/{webhook}/deliveries/{log["deliveryId"]}/redelivery", null);
        Assert.Equal(HttpStatusCode.Accepted, redelivery.StatusCode);
        await Eventually.True(() => Task.FromResult(receiver.All.Count(r => r.Verified) == 2), "the redelivery", TimeSpan.FromSeconds(60));
        var again = receiver.All.Where(r => r.Verified).Last();
        Assert.Equal(delivered.Id, again.Id);
        Assert.True(again.Duplicate);
        await Delivery(admin, webhook, d => d["attemptLog"]!.AsArray().Count == 4 && (string)d["status"]! == "delivered", "four attempts logged");
    }

    [Fact]
    public async Task A_rotation_signs_with_both_secrets_during_the_overlap_and_410_disables_the_endpoint()
    {
        var member = await platform.Member($"Hook Owner {Guid.NewGuid():N}", "member-admin");
        await using var receiver = new WebhookReceiver();
        await receiver.Start();
        var (webhook, first) = await Register(member.Client, receiver.Url, ["ballot.opened"]);
        using var rotated = await member.Client.Post($"/api/webhooks/{webhook}/rotation", new { overlapHours = 1 });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (string)(await rotated.Read())["secret"]!;
        Assert.NotEqual(first, second);

        receiver.Secret = first;
        (await member.Client.PostAsync($"/api/webhooks/{webhook}/test", null)).EnsureSuccessStatusCode();
        await Eventually.True(() => Task.FromResult(receiver.All.Count > 0), "the test delivery", TimeSpan.FromSeconds(60));
        var test = receiver.All[0];
        Assert.True(test.Verified); // with the old secret
        Assert.Equal(2, test.Signature.Split(' ').Length);
        Assert.Equal("webhook.test", (string)JsonNode.Parse(test.Body)!["type"]!);
        // …and with the new one: each signature verifies on its own.
        var newOnly = test.Signature.Split(' ').Count(sig => sig == new StandardWebhook(second).Sign(test.Id, DateTimeOffset.FromUnixTimeSeconds(test.Timestamp), test.Body));
        Assert.Equal(1, newOnly);

        receiver.Gone = true;
        (await member.Client.PostAsync($"/api/webhooks/{webhook}/test", null)).EnsureSuccessStatusCode();
        await Eventually.True(async () => (string)(await member.Client.GetNode($"/api/webhooks/{webhook}"))["status"]! == "disabled", "disabled on 410", TimeSpan.FromSeconds(60));
        Assert.Contains("410", (string)(await member.Client.GetNode($"/api/webhooks/{webhook}"))["disabledReason"]!);
        using var refused = await member.Client.PostAsync($"/api/webhooks/{webhook}/test", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    /// <summary>A Portal page as a member sees it, signed in through the sign-in form (anti-forgery token, cookies), as raw HTML.</summary>
    private async Task<string> Workspace(string clientId, string secret)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(platform.Gateway.Url) };
        var form = await browser.GetStringAsync("/signin");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ClientId"] = clientId,
            ["ClientSecret"] = secret,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.EndsWith("/workspace", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        return await browser.GetStringAsync("/workspace");
    }

    [Fact]
    public async Task A_webhook_disabled_on_410_is_a_notice_its_member_reads_over_http_and_in_the_workspace_and_no_other_member_does()
    {
        var owner = await platform.Member($"Hook Told {Guid.NewGuid():N}", "member-admin");
        var other = await platform.Member($"Hook Untold {Guid.NewGuid():N}", "member-admin");
        var plain = await platform.Member($"Hook Plain {Guid.NewGuid():N}", "member");
        await using var receiver = new WebhookReceiver { Gone = true };
        await receiver.Start();
        const string description = "CI <script>alert(1)</script> hook";
        using var created = await owner.Client.Post("/api/webhooks", new { url = receiver.Url, eventTypes = new[] { "ballot.opened" }, description });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (Guid)(await created.Read())["webhook"]!["webhookId"]!;
        Assert.Empty((await owner.Client.GetNode("/api/webhooks/notices"))["items"]!.AsArray());

        (await owner.Client.PostAsync($"/api/webhooks/{webhook}/test", null)).EnsureSuccessStatusCode();
        JsonNode view = null!;
        await Eventually.True(async () => (string)(view = await owner.Client.GetNode($"/api/webhooks/{webhook}"))["status"]! == "disabled", "disabled on 410", TimeSpan.FromSeconds(60));
        Assert.NotNull((DateTimeOffset?)view["disabledAt"]);
        Assert.Equal("the endpoint answered 410 Gone", (string)view["disabledReason"]!);

        // The member is told: one notice, with when and why, for its admins.
        var notices = (await owner.Client.GetNode("/api/webhooks/notices"))["items"]!.AsArray();
        var notice = Assert.Single(notices)!;
        Assert.Equal(webhook, (Guid)notice["webhookId"]!);
        Assert.Equal(owner.MemberId, (Guid)notice["memberId"]!);
        Assert.Equal("webhook-disabled", (string)notice["kind"]!);
        Assert.Equal("the endpoint answered 410 Gone", (string)notice["reason"]!);
        Assert.Equal((DateTimeOffset)view["disabledAt"]!, (DateTimeOffset)notice["at"]!);
        Assert.Null(notice["acknowledgedAt"]);
        // Nobody else is: not another member's admin, not a plain credential, not an anonymous caller; the secretariat sees it.
        Assert.Empty((await other.Client.GetNode("/api/webhooks/notices"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.Client.GetAsync("/api/webhooks/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Http.GetAsync("/api/webhooks/notices")).StatusCode);
        Assert.Single((await platform.Secretariat.GetNode($"/api/webhooks/notices?member={owner.MemberId}"))["items"]!.AsArray());

        // The workspace shows the line to the member's admin, its description encoded; not to another member.
        var page = await Workspace(owner.ClientId, owner.Secret);
        Assert.Contains("was disabled on", page);
        Assert.Contains("CI &lt;script&gt;alert(1)&lt;/script&gt; hook", page);
        Assert.DoesNotContain("<script>alert(1)", page);
        Assert.DoesNotContain("was disabled on", await Workspace(other.ClientId, other.Secret));

        // Acknowledged (by its member only), it leaves the open notices and the workspace, and stays in the record.
        var noticeId = (Guid)notice["noticeId"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.PostAsync($"/api/webhooks/notices/{noticeId}/acknowledgement", null)).StatusCode);
        using var acknowledged = await owner.Client.PostAsync($"/api/webhooks/notices/{noticeId}/acknowledgement", null);
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.NotNull((DateTimeOffset?)(await acknowledged.Read())["acknowledgedAt"]);
        Assert.Empty((await owner.Client.GetNode("/api/webhooks/notices?acknowledged=false"))["items"]!.AsArray());
        Assert.Single((await owner.Client.GetNode("/api/webhooks/notices"))["items"]!.AsArray());
        Assert.DoesNotContain("was disabled on", await Workspace(owner.ClientId, owner.Secret));
    }

    [Fact]
    public async Task Webhooks_are_their_member_admins_and_the_secretariats_only()
    {
        var owner = await platform.Member($"Hook Owner {Guid.NewGuid():N}", "member-admin");
        var other = await platform.Member($"Hook Other {Guid.NewGuid():N}", "member-admin");
        var plain = await platform.Member($"Hook Plain {Guid.NewGuid():N}", "member");
        await using var receiver = new WebhookReceiver();
        var (webhook, _) = await Register(owner.Client, receiver.Url, ["member.admitted"]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Http.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.Client.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.Client.Post("/api/webhooks", new { url = receiver.Url, eventTypes = new[] { "member.admitted" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.Client.Post("/api/webhooks", new { url = receiver.Url, eventTypes = new[] { "member.admitted" }, memberId = other.MemberId })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/webhooks/{webhook}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.DeleteAsync($"/api/webhooks/{webhook}")).StatusCode);
        Assert.Empty((await other.Client.GetNode("/api/webhooks"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await platform.Secretariat.GetAsync($"/api/webhooks/{webhook}")).StatusCode);

        using var bad = await owner.Client.Post("/api/webhooks", new { url = receiver.Url, eventTypes = new[] { "certification.exploded" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Read())["errors"]!["eventTypes"]);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/webhooks/{webhook}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/api/webhooks/{webhook}")).StatusCode);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://10.0.0.1/hook", "private")]
    [InlineData("https://[fd00::1]/hook", "private")]
    [InlineData("ftp://example.org/hook", "https")]
    public async Task Private_and_link_local_targets_are_refused_at_registration_even_in_development(string url, string why)
    {
        var owner = await platform.Member($"Hook SSRF {Guid.NewGuid():N}", "member-admin");
        using var refused = await owner.Client.Post("/api/webhooks", new { url, eventTypes = new[] { "member.admitted" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(why, ((JsonArray)(await refused.Read())["errors"]!["url"]!)[0]!.ToString());
    }

    /// <summary>
    /// Outside development (a Notifications of its own, Production, on its own database): the loopback by address and by
    /// name is refused at registration; and a target whose name resolves to the loopback only by the time of sending (DNS
    /// rebinding, simulated by changing the stored URL) gets no request: the attempt is logged as refused.
    /// </summary>
    [Fact]
    public async Task Outside_development_loopback_targets_are_refused_at_registration_and_at_send()
    {
        var servers = new TestServers();
        await servers.InitializeAsync();
        var settings = new Dictionary<string, string>(servers.SettingsFor("notifications"))
        {
            ["Auth:MetadataAddress"] = $"{platform.Registry.Url}/.well-known/openid-configuration",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        using var production = new ServiceProcess("Notifications", settings);
        await using var receiver = new WebhookReceiver();
        await receiver.Start();
        try
        {
            production.Start();
            await production.WaitUntilReady(platform.Direct);
            var sec = new HttpClient { BaseAddress = new Uri(production.Url) };
            sec.DefaultRequestHeaders.Authorization = platform.Secretariat.DefaultRequestHeaders.Authorization;
            foreach (var url in new[] { receiver.Url, $"https://127.0.0.1:{receiver.Port}/hook", $"http://localhost:{receiver.Port}/hook", "https://localhost/hook" })
            {
                using var refused = await sec.Post("/webhooks", new { url, eventTypes = new[] { "member.admitted" } });
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url}: {refused.StatusCode}");
                Assert.NotNull((await refused.Read())["errors"]!["url"]);
            }
            // A public address is accepted (no traffic: an address literal needs no lookup, and nothing is sent yet) …
            using var created = await sec.Post("/webhooks", new { url = "https://93.184.216.34/hook", eventTypes = new[] { "member.admitted" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (Guid)(await created.Read())["webhook"]!["webhookId"]!;
            // … and its name now resolves to the loopback.
            await using (var db = servers.Admin(servers.Database("notifications")))
            await using (var update = new Npgsql.NpgsqlCommand("update webhooks set url = $1 where webhook_id = $2", db)
            { Parameters = { new() { Value = $"http://localhost:{receiver.Port}/hook" }, new() { Value = id } } })
                await update.ExecuteNonQueryAsync();
            (await sec.PostAsync($"/webhooks/{id}/test", null)).EnsureSuccessStatusCode();
            JsonNode? attempt = null;
            await Eventually.True(async () => (attempt = (await sec.GetNode($"/webhooks/{id}/deliveries"))["items"]![0]!["attemptLog"]!.AsArray().FirstOrDefault()) is not null,
                "the attempt logged", TimeSpan.FromSeconds(60));
            Assert.Null(attempt!["responseCode"]);
            Assert.Contains("loopback", (string)attempt["error"]!);
            Assert.Equal(0, receiver.Requests);
        }
        finally
        {
            await File.WriteAllTextAsync(Path.Combine(ServiceProcess.RepoRoot, ".run", "logs", "e2e-Notifications-production.log"), production.Log);
            production.Dispose();
            await servers.DisposeAsync();
        }
    }
}
