using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alliance.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// A platform as `make run` leaves it before its demo data (no committee at all): Registry's requests are answered
/// with a refusal, the subject returns to where it was with the reason; then deploy/seed.sh (run here against this
/// platform's gateway) makes the committees the README's flows need, and the same requests succeed.
/// </summary>
[Collection(FreshPlatformCollection.Name)]
public sealed class FreshPlatformTests(FreshPlatformFixture platform, ITestOutputHelper output)
{
    private readonly BallotFlowTests _ballots = new(platform);

    private static object Proposal(Guid lead, Guid partner) => new
    {
        title = "Open accelerator",
        summary = "A RISC-V AI accelerator shared by industry and academia",
        researchAreas = new[] { "ai-chips" },
        leadMemberId = lead,
        partners = new[] { new { memberId = partner, role = "academic-partner" } },
        plannedStart = "2027-01-01",
        plannedEnd = "2029-12-31",
        ipPolicy = "shared",
    };

    private async Task<JsonArray> History(string path) => (await platform.Http.GetNode(path)).AsArray();

    [Fact]
    public async Task Without_committees_a_project_approval_and_an_expulsion_are_refused_and_after_the_demo_data_they_open_ballots()
    {
        var lead = await platform.Member($"Lead Chips {Guid.NewGuid():N}");
        var uni = await platform.Member($"Tech University {Guid.NewGuid():N}", kind: "university");
        var project = (Guid)(await (await lead.Client.Post("/api/projects", Proposal(lead.MemberId, uni.MemberId))).Read())["projectId"]!;
        (await uni.Client.PostAsync($"/api/projects/{project}/partners/{uni.MemberId}/acceptance", null)).EnsureSuccessStatusCode();

        // 1. The approval request finds no technical-oversight committee: back to proposed, with the reason.
        (await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null)).EnsureSuccessStatusCode();
        var answered = await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]! == "proposed",
            "the project back to proposed");
        output.WriteLine($"project approval refused and visible after {answered.TotalMilliseconds:0} ms");
        var refusal = (await platform.Http.GetNode($"/api/projects/{project}"))["approvalRefusal"]!;
        Assert.Equal("no-committee", (string)refusal["rule"]!);
        Assert.Contains("technical-oversight", (string)refusal["reason"]!);
        var history = await History($"/api/projects/{project}/history");
        Assert.Equal("project_approval_request_refused", (string)history[^1]!["type"]!);
        Assert.StartsWith("governance/refusal/", (string)history[^1]!["actor"]!);
        var page = await SignedInPage(lead.ClientId, lead.Secret, $"/workspace/projects/{project}");
        Assert.Contains("The approval ballot could not be opened", page);
        Assert.Contains("there is no committee for this decision", page);
        Assert.Contains((string)refusal["reason"]!, page);

        // 2. The expulsion request finds no general committee: no longer pending, so the secretariat may ask again at once.
        var target = await platform.Member($"Misbehaving Co {Guid.NewGuid():N}");
        async Task<int> ExpulsionRefusals() => (await History($"/api/members/{target.MemberId}/history")).Count(e => (string)e!["type"]! == "member_expulsion_request_refused");
        Assert.Equal(HttpStatusCode.Accepted, (await platform.Secretariat.Post($"/api/members/{target.MemberId}/expulsion-requests", new { reason = "Breaches" })).StatusCode);
        output.WriteLine($"expulsion refused and visible after {(await Eventually.True(async () => await ExpulsionRefusals() == 1, "the expulsion request refused")).TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.Accepted, (await platform.Secretariat.Post($"/api/members/{target.MemberId}/expulsion-requests", new { reason = "Breaches" })).StatusCode);
        await Eventually.True(async () => await ExpulsionRefusals() == 2, "the second request refused too");
        Assert.Equal("admitted", (string)(await platform.Http.GetNode($"/api/members/{target.MemberId}"))["status"]!);

        // 3. The demo data, twice: the committees with their seats once, nothing the second time.
        var credentials = Path.Combine(Path.GetTempPath(), $"alliance-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(credentials,
            $$"""{"tokenEndpoint":"{{platform.Gateway.Url}}/connect/token","secretariat":{"clientId":"{{AccessTokens.SecretariatClient}}","clientSecret":"{{AccessTokens.SecretariatSecret}}"},"members":[]}""");
        try
        {
            // One committee for each of the four purposes that has none yet (the MLPerf import, on this platform too, may
            // have made the standards committee already: the seed reuses it and seats the demo members on it).
            var missing = 0;
            foreach (var purpose in new[] { "technical-oversight", "standards", "open-source", "general" })
                if ((await platform.Http.GetNode($"/api/committees?purpose={purpose}"))["items"]!.AsArray().Count == 0) missing++;
            Assert.True(missing >= 3, $"only the standards committee may exist before the seed ({4 - missing} of 4 purposes have one)");
            var first = await Seed(credentials);
            Assert.Contains($"seed: {missing} committee(s) created, 24 seat(s) assigned", first);
            var second = await Seed(credentials);
            Assert.Contains("seed: 0 member(s) created", second);
            Assert.Contains("seed: 0 committee(s) created, 0 seat(s) assigned", second);
            var toc = (await platform.Http.GetNode("/api/committees?purpose=technical-oversight"))["items"]!.AsArray();
            var tocId = (Guid)Assert.Single(toc)!["committeeId"]!;
            var seats = (await platform.Http.GetNode($"/api/committees/{tocId}"))["seats"]!.AsArray();
            Assert.Equal(5, seats.Count(s => (string)s!["role"]! == "voting"));

            // 4. The same requests again: ballots open; the demo members' votes approve the project.
            (await lead.Client.PostAsync($"/api/projects/{project}/approval-requests", null)).EnsureSuccessStatusCode();
            var ballot = await _ballots.BallotOn(tocId, project.ToString());
            foreach (var demo in JsonNode.Parse(await File.ReadAllTextAsync(credentials))!["members"]!.AsArray())
            {
                var voter = platform.Client(await AccessTokens.Get(platform.Http, (string)demo!["clientId"]!, (string)demo["clientSecret"]!));
                (await voter.Post($"/api/ballots/{ballot}/votes", new { position = "yes" })).EnsureSuccessStatusCode();
            }
            (await platform.Secretariat.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();
            await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/projects/{project}"))["project"]!["status"]! == "approved", "project approved");
            Assert.Null((await platform.Http.GetNode($"/api/projects/{project}"))["approvalRefusal"]);

            Assert.Equal(HttpStatusCode.Accepted, (await platform.Secretariat.Post($"/api/members/{target.MemberId}/expulsion-requests", new { reason = "Breaches" })).StatusCode);
            var general = (Guid)(await platform.Http.GetNode("/api/committees?purpose=general"))["items"]![0]!["committeeId"]!;
            await _ballots.BallotOn(general, target.MemberId.ToString());
        }
        finally
        {
            File.Delete(credentials);
        }
        await platform.AssertNoDeadLetters();
    }

    /// <summary>A Portal page as a member sees it, signed in through the sign-in form (its anti-forgery token and cookies), as HTML text.</summary>
    private async Task<string> SignedInPage(string clientId, string secret, string path)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(platform.Gateway.Url) };
        var form = await browser.GetStringAsync("/signin");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signedIn = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ClientId"] = clientId,
            ["ClientSecret"] = secret,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.EndsWith("/workspace", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        return WebUtility.HtmlDecode(await browser.GetStringAsync(path));
    }

    /// <summary>deploy/seed.sh against this platform's gateway, as `make run` calls it against 127.0.0.1:8080.</summary>
    private async Task<string> Seed(string credentials)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(ServiceProcess.RepoRoot, "deploy", "seed.sh"), platform.Gateway.Url, credentials }) start.ArgumentList.Add(arg);
        using var seed = Process.Start(start)!;
        var output = seed.StandardOutput.ReadToEndAsync();
        var errors = seed.StandardError.ReadToEndAsync();
        await seed.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(seed.ExitCode == 0, $"seed.sh failed ({seed.ExitCode}): {await errors}\n{await output}");
        return await output;
    }
}
