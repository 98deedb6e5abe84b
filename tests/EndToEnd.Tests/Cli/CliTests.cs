using System.Text.Json.Nodes;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests.Cli;

/// <summary>
/// The `alliance` tool as a user runs it: a real process against the real platform behind the gateway. Public commands
/// with only --url, a login whose profile is private to its owner and whose token is renewed, votes and tallies, a CI
/// watch that fails the moment a certification is revoked, and errors as one line with documented exit codes.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CliTests(PlatformFixture platform) : IDisposable
{
    private readonly AllianceCli _cli = new();
    private readonly BallotFlowTests _ballots = new(platform);
    private string Gw => platform.Gateway.Url;

    private static readonly object Pass = new[] { new { requirementId = "R1", outcome = "pass" } };

    /// <summary>A standard ratified (historically, a month ago) and a product certified against it, granted by a reviewer.</summary>
    private async Task<(string Code, Guid Product, Guid Certification, string ProductName)> CertifiedProduct()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = CompatibilityFlowTests.NewCode();
        (await platform.Secretariat.Post("/api/standards", new { code, title = "CLI test", committeeId = committee, validity = new { kind = "fixed", months = 24 } })).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the suite" } } })).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/standards/{code}/versions/1.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-30), source = "test" })).EnsureSuccessStatusCode();
        var vendor = await platform.Member($"CLI Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"CLI Lab {Guid.NewGuid():N}", "reviewer");
        var name = $"Terminal Box {Guid.NewGuid():N}"[..22];
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name, type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "1.0", results = Pass })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();
        return (code, product, certification, name);
    }

    [Fact]
    public async Task Public_commands_need_only_the_url_and_answer_in_tables_json_and_csv()
    {
        var (code, product, certification, name) = await CertifiedProduct();

        var check = await _cli.Run("lookup", product.ToString(), "--standard", code, "--url", Gw, "--json");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True((bool)check.Json["compatible"]!);
        Assert.Equal(certification, (Guid)check.Json["certificationId"]!);

        var byName = await _cli.Run("lookup", name, "--url", Gw);
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Contains(name, byName.Stdout);
        Assert.Contains("certified", byName.Stdout);

        var json = await _cli.Run("matrix", "--standard", code, "--format", "json", "--url", Gw);
        Assert.Equal(1, (int)json.Json["total"]!);
        var csv = await _cli.Run("matrix", "--standard", code, "--format", "csv", "--url", Gw);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains(name, csv.Stdout);
        Assert.Equal(2, csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and the one row
        var table = await _cli.Run("matrix", "--standard", code, "--url", Gw);
        Assert.Contains("page 1 of 1 (1 in all)", table.Stdout);

        var licence = await _cli.Run("licence", "check", "Apache-2.0 OR MIT", "--url", Gw, "--json");
        Assert.True(licence.ExitCode == 0, licence.ToString());
        Assert.True((bool)licence.Json["valid"]!);
        var invalid = await _cli.Run("licence", "check", "Apache-2.0 OR (", "--url", Gw);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("not a valid SPDX expression", invalid.Stdout);

        var decisions = await _cli.Run("decisions", "list", "--url", Gw, "--json");
        Assert.True(decisions.ExitCode == 0, decisions.ToString());
        Assert.NotNull(decisions.Json["items"]);
    }

    [Fact]
    public async Task Errors_are_one_line_naming_the_problem_and_field_with_the_documented_exit_codes()
    {
        var invalid = await _cli.Run("members", "list", "--page", "0", "--url", Gw);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("alliance: Invalid input (400): page: 'page' is between 1 and 1000000.", invalid.Stderr.Trim());

        var missing = await _cli.Run("members", "show", Guid.NewGuid().ToString(), "--url", Gw);
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("alliance: Not found (404)", missing.Stderr);
        Assert.Single(missing.Stderr.Trim().Split('\n'));

        var usage = await _cli.Run("vote", "not-a-guid", "yes", "--url", Gw);
        Assert.Equal(2, usage.ExitCode);
        var notSignedIn = await _cli.Run("vote", Guid.NewGuid().ToString(), "yes", "--url", Gw);
        Assert.Equal(2, notSignedIn.ExitCode);
        Assert.Contains("alliance login", notSignedIn.Stderr);

        var unreachable = await _cli.Run("matrix", "--url", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("unreachable", unreachable.Stderr);
        Assert.DoesNotContain("   at ", unreachable.Stderr); // no stack trace

        var refused = await _cli.Run(new Dictionary<string, string> { ["ALLIANCE_CLIENT_SECRET"] = "wrong" }, "login", "--url", Gw, "--client-id", AccessTokens.SecretariatClient);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("invalid_client", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(_cli.ConfigFolder, "profiles.json")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the profile file's mode
    public async Task A_login_keeps_a_private_profile_renews_its_expired_token_and_votes_and_tallies()
    {
        var voters = new List<(Guid MemberId, string ClientId, string Secret, HttpClient Client)>();
        for (var i = 0; i < 3; i++) voters.Add(await platform.Member($"CLI Voter {i} {Guid.NewGuid():N}"));
        var committee = await _ballots.Committee("simple-majority", voters.Select(v => (new PlatformFixture.PoolMember(v.MemberId, "", v.Client), true)));
        var code = CompatibilityFlowTests.NewCode();
        (await platform.Secretariat.Post("/api/standards", new { code, title = "Voted from a terminal", committeeId = committee })).EnsureSuccessStatusCode();
        (await platform.Secretariat.Post($"/api/standards/{code}/versions", new { version = "1.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Runs" } } })).EnsureSuccessStatusCode();
        (await platform.Secretariat.PostAsync($"/api/standards/{code}/versions/1.0/ratification-requests", null)).EnsureSuccessStatusCode();
        var ballot = await _ballots.BallotOn(committee, $"{code}/1.0");

        for (var i = 0; i < voters.Count; i++)
        {
            var login = await _cli.Run(new Dictionary<string, string> { ["ALLIANCE_CLIENT_SECRET"] = voters[i].Secret },
                "login", "--url", Gw, "--client-id", voters[i].ClientId, "--profile", $"voter{i}");
            Assert.True(login.ExitCode == 0, login.ToString());
        }
        var file = Path.Combine(_cli.ConfigFolder, "profiles.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var profiles = await _cli.Run("profiles", "--json");
        Assert.Equal(["voter0", "voter1", "voter2"], profiles.Json.AsArray().Select(p => (string)p!["profile"]!));
        Assert.True((bool)profiles.Json[0]!["default"]!); // the first login made the default
        Assert.DoesNotContain(voters[0].Secret, profiles.Stdout);
        Assert.DoesNotContain("accessToken", profiles.Stdout);

        // Signed in, a member reads its own private data; the same URL without the profile's token does not.
        var own = await _cli.Run("members", "show", voters[0].MemberId.ToString(), "--json");
        Assert.Equal("office@example.cn", (string?)own.Json["contactEmail"]);
        var other = await _cli.Run("members", "show", voters[0].MemberId.ToString(), "--profile", "voter1", "--json");
        Assert.Null(other.Json["contactEmail"]);

        // An expired token is renewed with the kept secret, and the new one cached.
        var stored = JsonNode.Parse(File.ReadAllText(file))!;
        stored["profiles"]!["voter1"]!["accessToken"] = "expired.token.value";
        stored["profiles"]!["voter1"]!["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        File.WriteAllText(file, stored.ToJsonString());
        var vote = await _cli.Run("vote", ballot.ToString(), "yes", "--profile", "voter1");
        Assert.True(vote.ExitCode == 0, vote.ToString());
        Assert.Contains("voted yes", vote.Stdout);
        Assert.NotEqual("expired.token.value", (string)JsonNode.Parse(File.ReadAllText(file))!["profiles"]!["voter1"]!["accessToken"]!);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        Assert.Equal(0, (await _cli.Run("vote", ballot.ToString(), "yes", "--profile", "voter0")).ExitCode);
        var wrong = await _cli.Run("vote", ballot.ToString(), "maybe", "--profile", "voter2");
        Assert.Equal(1, wrong.ExitCode);
        Assert.StartsWith("alliance: ", wrong.Stderr);
        Assert.Equal(0, (await _cli.Run("vote", ballot.ToString(), "no", "--profile", "voter2", "--reason", "Not yet")).ExitCode);
        (await platform.Secretariat.PostAsync($"/api/ballots/{ballot}/closure", null)).EnsureSuccessStatusCode();

        var tally = await _cli.Run("ballots", "tally", ballot.ToString(), "--url", Gw, "--json");
        Assert.True(tally.ExitCode == 0, tally.ToString());
        Assert.Equal((2, 1), ((int)tally.Json["tally"]!["yes"]!, (int)tally.Json["tally"]!["no"]!));
        Assert.False(string.IsNullOrWhiteSpace((string?)tally.Json["explanation"]));
        var text = await _cli.Run("ballots", "tally", ballot.ToString());
        Assert.Contains((string)tally.Json["explanation"]!, text.Stdout.ReplaceLineEndings(" ").Replace("  ", " "));
        var shown = await _cli.Run("ballots", "list", "--committee", committee.ToString(), "--json");
        Assert.Equal(ballot, (Guid)shown.Json["items"]![0]!["ballotId"]!);
    }

    [Fact]
    public async Task Certifications_watch_exits_zero_while_valid_and_non_zero_once_revoked()
    {
        var (_, product, certification, _) = await CertifiedProduct();
        var once = await _cli.Run("certifications", "watch", product.ToString(), "--once", "--url", Gw);
        Assert.True(once.ExitCode == 0, once.ToString());

        using var watch = _cli.Start("certifications", "watch", product.ToString(), "--interval", "0.2", "--url", Gw);
        await Eventually.True(() => Task.FromResult(watch.Stdout.Contains("in force")), "the watch began");
        Assert.False(watch.Process.HasExited, watch.Stdout);
        (await platform.Secretariat.Post($"/api/certifications/{certification}/revocation", new { reason = "Failed the re-test" })).EnsureSuccessStatusCode();
        using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await watch.Process.WaitForExitAsync(exited.Token);
        Assert.Equal(1, watch.Process.ExitCode);
        Assert.Contains($"certification {certification}", watch.Stdout);
        Assert.Contains("is revoked", watch.Stdout);

        var after = await _cli.Run("certifications", "watch", product.ToString(), "--once", "--url", Gw);
        Assert.Equal(1, after.ExitCode);
    }

    public void Dispose() => _cli.Dispose();
}
