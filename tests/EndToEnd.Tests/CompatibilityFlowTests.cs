using System.Net;
using Alliance.Testing;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>Standards ratified by a real ballot, products, certification with checks and review, and the matrix as of any instant.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CompatibilityFlowTests(PlatformFixture platform)
{
    private static readonly TimeSpan CacheLifetimeLess = TimeSpan.FromSeconds(8);

    private readonly BallotFlowTests _ballots = new(platform);
    private HttpClient Sec => platform.Secretariat;

    /// <summary>Compatibility learns of members from Registry's messages; a product waits until its vendor is known.</summary>
    internal Task VendorKnown(Guid member) => Arrivals.InVendorDirectory(platform.Http, member);

    internal static string NewCode() => "ACI-" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6)).ToUpperInvariant();

    internal static object Results(string r1 = "pass") => new[]
    {
        new { requirementId = "R1", outcome = r1, justification = (string?)null, evidenceUrl = (string?)"https://ci.example.org/run/1", notes = (string?)null },
        new { requirementId = "R2", outcome = "not-applicable", justification = (string?)"No accelerator attached", evidenceUrl = (string?)null, notes = (string?)null },
    };

    /// <summary>A standard with version 2.0 (R1 MUST, R2 SHOULD), ratified by a ballot of its committee.</summary>
    internal async Task<string> Ratified(string code, IReadOnlyList<PlatformFixture.PoolMember> voters, Guid committee, string? prerequisite = null)
    {
        await RatifiedStandard(code, voters, committee, prerequisite);
        (await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null)).EnsureSuccessStatusCode();
        await _ballots.ApproveAndClose(await _ballots.BallotOn(committee, $"{code}/2.0"), voters);
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]! == "ratified", "version ratified");
        return code;
    }

    internal async Task<string> RatifiedStandard(string code, IReadOnlyList<PlatformFixture.PoolMember> voters, Guid committee, string? prerequisite = null)
    {
        (await Sec.Post("/api/standards", new { code, title = "Alliance Compute Interface", committeeId = committee, validity = new { kind = "fixed", months = 24 } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new
        {
            version = "2.0",
            requirements = new[] { new { id = "R1", level = "MUST", text = "Runs the conformance suite" }, new { id = "R2", level = "SHOULD", text = "Exposes accelerator metrics" } },
            prerequisites = prerequisite is null ? Array.Empty<object>() : [new { standardCode = prerequisite, version = (string?)null }],
        })).EnsureSuccessStatusCode();
        return code;
    }

    [Fact]
    public async Task A_version_ratified_by_ballot_is_certified_reviewed_revoked_and_answered_as_of_any_instant()
    {
        var pool = await platform.Pool(3);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await RatifiedStandard(NewCode(), pool, committee);
        var vendor = await platform.Member($"Chip Vendor {Guid.NewGuid():N}", "member-admin");
        var reviewer = await platform.Member($"Independent Lab {Guid.NewGuid():N}", "reviewer");
        await VendorKnown(vendor.MemberId);
        using var registered = await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Kunpeng Accelerator X", nameZh = "鲲鹏加速卡X", type = "accelerator" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var product = (Guid)(await registered.Read())["productId"]!;

        // Before ratification the automatic checks refuse the version.
        var early = await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1.0", standard = code, version = "2.0", results = Results() })).Read();
        Assert.Equal("checks-failed", (string)early["status"]!);
        Assert.Contains(early["checksFailed"]!.AsArray(), f => ((string)f!).StartsWith("version-not-ratified", StringComparison.Ordinal));

        (await Sec.PostAsync($"/api/standards/{code}/versions/2.0/ratification-requests", null)).EnsureSuccessStatusCode();
        await _ballots.ApproveAndClose(await _ballots.BallotOn(committee, $"{code}/2.0"), pool);
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]! == "ratified", "version ratified");

        var failing = await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1.1", standard = code, version = "2.0", results = Results("fail") })).Read();
        Assert.Contains(failing["checksFailed"]!.AsArray(), f => ((string)f!).StartsWith("must-not-passed: R1", StringComparison.Ordinal));
        var submitted = await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1.2", standard = code, version = "2.0", results = Results() })).Read();
        Assert.Equal("submitted", (string)submitted["status"]!);
        var certification = (Guid)submitted["certificationId"]!;
        var beforeGrant = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        // A reviewer appointed from the vendor's own member has a conflict of interest; the vendor itself is no reviewer at all.
        var ownLab = await (await Sec.Post($"/api/members/{vendor.MemberId}/credentials", new { role = "reviewer" })).Read();
        var ownReviewer = platform.Client(await AccessTokens.Get(platform.Http, (string)ownLab["clientId"]!, (string)ownLab["clientSecret"]!));
        using var conflicted = await ownReviewer.PostAsync($"/api/certifications/{certification}/grant", null);
        Assert.Equal(HttpStatusCode.Conflict, conflicted.StatusCode);
        Assert.Equal("conflict-of-interest", (string)(await conflicted.Read())["rule"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.Client.PostAsync($"/api/certifications/{certification}/grant", null)).StatusCode);
        // The public lookup is cached for a moment; a commit evicts it, so the answer right after the grant is already the new one.
        var checkUrl = $"/api/matrix/check?product={product}&standard={code}";
        Assert.Equal("not-certified", (string)(await platform.Http.GetNode(checkUrl))["status"]!);
        using var granted = await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null);
        Assert.Equal("certified", (string)(await platform.Http.GetNode(checkUrl))["status"]!);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var grantedAt = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var now = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}&version=2.0");
        var before = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}&asOf={Uri.EscapeDataString(beforeGrant.ToString("O"))}");
        Assert.True((bool)now["compatible"]!);
        Assert.False((bool)before["compatible"]!);
        var matrix = await platform.Http.GetNode($"/api/matrix?standard={code}&q=%E9%B2%B2%E9%B9%8F");
        Assert.Equal(1, (int)matrix["total"]!);
        Assert.Contains(">valid<", await platform.Http.GetStringAsync($"/api/badges/{certification}.svg"));
        var csv = await platform.Http.GetStringAsync($"/api/matrix.csv?standard={code}");
        Assert.Contains("Kunpeng Accelerator X", csv);
        Assert.Contains(",certified,", csv);
        Assert.Equal(1, (int)(await platform.Http.GetNode($"/api/matrix.json?standard={code}"))["total"]!);

        (await Sec.Post($"/api/certifications/{certification}/revocation", new { reason = "Test report was forged" })).EnsureSuccessStatusCode();
        var afterRevocation = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}");
        var duringValidity = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}&asOf={Uri.EscapeDataString(grantedAt.ToString("O"))}");
        Assert.False((bool)afterRevocation["compatible"]!);
        Assert.Equal("revoked", (string)afterRevocation["status"]!);
        Assert.True((bool)duringValidity["compatible"]!);
        Assert.Contains(">revoked<", await platform.Http.GetStringAsync($"/api/badges/{certification}.svg"));
        var asOfGrant = await platform.Http.GetStringAsync($"/api/matrix.csv?standard={code}&asOf={Uri.EscapeDataString(grantedAt.ToString("O"))}");
        Assert.Contains(",certified,", asOfGrant); // the export reproduces the view as of an instant
    }


    [Fact]
    public async Task The_matrix_agrees_with_a_replay_of_the_events_at_random_instants()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await Ratified(NewCode(), pool, committee);
        var vendor = await platform.Member($"Replay Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Replay Lab {Guid.NewGuid():N}", "reviewer");
        await VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Replay Server", type = "server" })).Read())["productId"]!;

        var start = DateTimeOffset.UtcNow;
        var certifications = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = $"{i}.0", standard = code, version = "2.0", results = Results() })).Read())["certificationId"]!;
            (await reviewer.Client.PostAsync($"/api/certifications/{id}/grant", null)).EnsureSuccessStatusCode();
            certifications.Add(id);
            await Task.Delay(30);
        }
        (await Sec.Post($"/api/certifications/{certifications[1]}/revocation", new { reason = "Superseded evidence" })).EnsureSuccessStatusCode();
        await Task.Delay(30);
        (await Sec.Post($"/api/certifications/{certifications[2]}/revocation", new { reason = "Withdrawn by vendor" })).EnsureSuccessStatusCode();
        var end = DateTimeOffset.UtcNow.AddMilliseconds(50);

        var random = new Random(20261130);
        var instants = Enumerable.Range(0, 25).Select(_ => start.AddMilliseconds(-100 + random.NextDouble() * ((end - start).TotalMilliseconds + 200))).Append(end);
        foreach (var instant in instants)
        {
            var at = Uri.EscapeDataString(instant.ToString("O"));
            var fromTable = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}&asOf={at}");
            // Authenticated: anonymous replays are rate-limited (WebSecurityTests), and this test asks 26 in a row.
            var fromEvents = await Sec.GetNode($"/api/matrix/check?product={product}&standard={code}&asOf={at}&replay=true");
            Assert.Equal((string)fromTable["status"]!, (string)fromEvents["status"]!);
            Assert.Equal((bool)fromTable["compatible"]!, (bool)fromEvents["compatible"]!);
            Assert.Equal((Guid?)fromTable["certificationId"], (Guid?)fromEvents["certificationId"]);
        }
    }

    [Fact]
    public async Task Renamed_and_transferred_products_stay_findable_and_a_suspended_vendor_shows_suspended_only_while_suspended()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await Ratified(NewCode(), pool, committee);
        var vendor = await platform.Member($"Renaming Vendor {Guid.NewGuid():N}", "member-admin");
        var buyer = await platform.Member($"Buying Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Rename Lab {Guid.NewGuid():N}", "reviewer");
        await VendorKnown(vendor.MemberId);
        await VendorKnown(buyer.MemberId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = $"Fuga Cloud {tag}", type = "hosted-platform" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "2.0", results = Results() })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();

        (await vendor.Client.Post($"/api/products/{product}/name", new { name = $"Cyso Cloud {tag}" })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/products/{product}/transfer", new { toVendorId = buyer.MemberId })).EnsureSuccessStatusCode();
        Assert.Equal(1, (int)(await platform.Http.GetNode($"/api/matrix?standard={code}&q=Fuga%20Cloud%20{tag}"))["total"]!);
        Assert.Equal(1, (int)(await platform.Http.GetNode($"/api/matrix?standard={code}&q=Cyso%20Cloud%20{tag}"))["total"]!);
        var page = await platform.Http.GetNode($"/api/products/{product}");
        Assert.Equal(buyer.MemberId, (Guid)page["product"]!["vendorId"]!);
        // Arrays come back as JSON arrays, not as strings holding JSON.
        Assert.Equal([$"Fuga Cloud {tag}"], page["product"]!["formerNames"]!.AsArray().Select(n => (string)n!));
        Assert.Empty(page["certifications"]![0]!["checksFailed"]!.AsArray());

        // Within less than the lookups' cache lifetime (10 s): a change of the vendor directory evicts them.
        var beforeSuspension = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        (await Sec.Post($"/api/members/{vendor.MemberId}/suspension", new { reason = "Unpaid dues" })).EnsureSuccessStatusCode();
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]! == "suspended", "shown suspended",
            CacheLifetimeLess);
        Assert.Contains(">suspended<", await platform.Http.GetStringAsync($"/api/badges/{certification}.svg"));
        var before = await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}&asOf={Uri.EscapeDataString(beforeSuspension.ToString("O"))}");
        Assert.Equal("certified", (string)before["status"]!);
        (await Sec.PostAsync($"/api/members/{vendor.MemberId}/reinstatement", null)).EnsureSuccessStatusCode();
        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]! == "certified", "certified again",
            CacheLifetimeLess);

        // A non-conformance notice, then the vendor's cure with evidence.
        using var noticed = await reviewer.Client.Post($"/api/certifications/{certification}/non-conformance", new { reason = "Metrics endpoint missing", cureDays = 30 });
        Assert.Equal(HttpStatusCode.OK, noticed.StatusCode);
        using var cured = await vendor.Client.Post($"/api/certifications/{certification}/cure", new { evidenceUrl = "https://ci.example.org/fix/1" });
        Assert.Equal(HttpStatusCode.OK, cured.StatusCode);
        var history = (await platform.Http.GetNode($"/api/certifications/{certification}/history")).AsArray().Select(e => (string)e!["type"]!);
        Assert.Equal(["certification_submitted", "certification_granted", "non_conformance_noticed", "non_conformance_cured"], history);
    }

    [Fact]
    public async Task A_profile_needs_its_base_certification_and_lapses_when_the_base_is_revoked()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var baseCode = await Ratified(NewCode(), pool, committee);
        var profile = await Ratified(NewCode(), pool, committee, prerequisite: baseCode);
        var vendor = await platform.Member($"Profile Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Profile Lab {Guid.NewGuid():N}", "reviewer");
        await VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "AI Box", type = "server" })).Read())["productId"]!;
        async Task<Guid> Certify(string code, string expectedStatus)
        {
            var submitted = await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "2.0", results = Results() })).Read();
            Assert.Equal(expectedStatus, (string)submitted["status"]!);
            var id = (Guid)submitted["certificationId"]!;
            if (expectedStatus == "submitted") (await reviewer.Client.PostAsync($"/api/certifications/{id}/grant", null)).EnsureSuccessStatusCode();
            return id;
        }

        await Certify(profile, "checks-failed"); // no base certification yet
        var baseCertification = await Certify(baseCode, "submitted");
        var profileCertification = await Certify(profile, "submitted");
        (await Sec.Post($"/api/certifications/{baseCertification}/revocation", new { reason = "Base test report withdrawn" })).EnsureSuccessStatusCode();

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={profile}"))["status"]! == "lapsed", "the profile lapsed");
        var history = (await platform.Http.GetNode($"/api/certifications/{profileCertification}/history")).AsArray();
        Assert.Equal("certification_lapsed", (string)history[^1]!["type"]!);
        Assert.Contains("prerequisite", (string)history[^1]!["data"]!["reason"]!);
    }

    [Fact]
    public async Task A_version_withdrawn_by_ballot_ends_its_certifications_and_the_replay_agrees()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = await Ratified(NewCode(), pool, committee);
        var vendor = await platform.Member($"Withdrawal Vendor {Guid.NewGuid():N}");
        var reviewer = await platform.Member($"Withdrawal Lab {Guid.NewGuid():N}", "reviewer");
        await VendorKnown(vendor.MemberId);
        var product = (Guid)(await (await vendor.Client.Post("/api/products", new { vendorId = vendor.MemberId, name = "Old Box", type = "server" })).Read())["productId"]!;
        var certification = (Guid)(await (await vendor.Client.Post("/api/certifications", new { productId = product, productVersion = "1", standard = code, version = "2.0", results = Results() })).Read())["certificationId"]!;
        (await reviewer.Client.PostAsync($"/api/certifications/{certification}/grant", null)).EnsureSuccessStatusCode();

        using var noReason = await Sec.Post($"/api/standards/{code}/versions/2.0/withdrawal-requests", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        (await Sec.Post($"/api/standards/{code}/versions/2.0/withdrawal-requests", new { reason = "Security flaw in the interface" })).EnsureSuccessStatusCode();
        await _ballots.ApproveAndClose(await _ballots.BallotOn(committee, $"{code}/2.0"), pool);

        await Eventually.True(async () => (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]! == "withdrawn", "certification ended");
        Assert.Equal("withdrawn", (string)(await platform.Http.GetNode($"/api/standards/{code}"))["versions"]![0]!["status"]!);
        var replayed = await Sec.GetNode($"/api/matrix/check?product={product}&standard={code}&replay=true");
        Assert.Equal("withdrawn", (string)replayed["status"]!);
    }

    [Fact]
    public async Task The_window_the_diff_and_an_expiry_that_falls_due_while_compatibility_is_down_over_http()
    {
        var pool = await platform.Pool(1);
        var committee = await _ballots.Committee("simple-majority", pool.Select(m => (m, true)));
        var code = NewCode();
        (await Sec.Post("/api/standards", new { code, title = "Window test", committeeId = committee, validity = new { kind = "fixed", months = 1 }, certifiableEarlierVersions = 0 })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "2.0", requirements = new[] { new { id = "R1", level = "MUST", text = "Old text" }, new { id = "R2", level = "SHOULD", text = "Gone later" } } })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions", new { version = "3.0", requirements = new[] { new { id = "R1", level = "MUST", text = "New text" }, new { id = "R3", level = "MAY", text = "Added" } } })).EnsureSuccessStatusCode();
        var diff = await platform.Http.GetNode($"/api/standards/{code}/diff?from=2.0&to=3.0");
        Assert.Equal(["R3"], diff["added"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal(["R2"], diff["removed"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal(["R1"], diff["changed"]!.AsArray().Select(r => (string)r!["id"]!));

        // Historical mode: 2.0 ratified three months ago, 3.0 two months ago; with no earlier version certifiable, 2.0 is out of the window today.
        (await Sec.Post($"/api/standards/{code}/versions/2.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddMonths(-3), source = "test" })).EnsureSuccessStatusCode();
        (await Sec.Post($"/api/standards/{code}/versions/3.0/historical-ratification", new { effectiveAt = DateTimeOffset.UtcNow.AddMonths(-2), source = "test" })).EnsureSuccessStatusCode();
        // The vendor was a member before the grant below: historical submissions check its standing as of their date.
        var vendor = await CertificationValidityTests.HistoricalVendor(platform, $"Window Vendor {Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddMonths(-4));
        var product = (Guid)(await (await Sec.Post("/api/products", new { vendorId = vendor, name = "Window Box", type = "server" })).Read())["productId"]!;
        var outOfWindow = await (await Sec.Post("/api/certifications", new
        {
            productId = product,
            productVersion = "1",
            standard = code,
            version = "2.0",
            results = new[] { new { requirementId = "R1", outcome = "pass" } }
        })).Read();
        Assert.StartsWith("version-not-certifiable", (string)outOfWindow["checksFailed"]![0]!);

        // A grant recorded as of seven weeks ago with one month of validity is already past its end: the deadline
        // worker records the expiry, also when the service was down at that moment, and only once.
        var submitted = await (await Sec.Post("/api/certifications", new
        {
            productId = product,
            productVersion = "2",
            standard = code,
            version = "3.0",
            effectiveAt = DateTimeOffset.UtcNow.AddDays(-50),
            source = "test",
            results = new[] { new { requirementId = "R1", outcome = "pass" } }
        })).Read();
        var certification = (Guid)submitted["certificationId"]!;
        (await Sec.Post($"/api/certifications/{certification}/grant", new { effectiveAt = DateTimeOffset.UtcNow.AddDays(-49), source = "test" })).EnsureSuccessStatusCode();
        platform.Compatibility.Kill(); // most likely before its worker's next pass
        platform.Compatibility.Start();
        await platform.Compatibility.WaitUntilReady(platform.Direct);
        await Eventually.True(async () => (await platform.Http.GetNode($"/api/certifications/{certification}/history")).AsArray().Any(e => (string)e!["type"]! == "certification_expired"), "expired");
        // Two more complete passes of the worker after the expiry (counted in its log, not slept for) find nothing left to do.
        static int Passes(string log) => log.Split('\n').Count(l => l.Contains("Certification deadline pass done", StringComparison.Ordinal));
        var passesAtExpiry = Passes(platform.Compatibility.Log);
        await Eventually.True(() => Task.FromResult(Passes(platform.Compatibility.Log) >= passesAtExpiry + 2), "two later passes of the expiry worker");
        var history = (await platform.Http.GetNode($"/api/certifications/{certification}/history")).AsArray();
        Assert.Single(history, e => (string)e!["type"]! == "certification_expired");
        Assert.Equal("expired", (string)(await platform.Http.GetNode($"/api/matrix/check?product={product}&standard={code}"))["status"]!);
    }
}
