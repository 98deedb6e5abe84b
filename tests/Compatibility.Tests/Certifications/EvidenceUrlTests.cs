using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Products;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Compatibility.Tests.Certifications;

/// <summary>Every link a vendor submits is shown to others on the product page: only absolute http(s) URLs are accepted.</summary>
public sealed class EvidenceUrlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Vendor = Guid.NewGuid();
    private static readonly Actor VendorRep = new("v", Vendor, new HashSet<string> { Roles.Member });

    public static readonly TheoryData<string> Hostile =
    [
        "javascript:alert(document.cookie)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "/relative/path", "//evil.example/x", "https://bank.example@evil.example/", "https://ci.example.org/run 1",
        "ftp://files.example.org/report", "https://localhost/report",
    ];

    private static Standard Ratified()
    {
        var s = Standard.Create(StandardDecisions.Decide(Guid.NewGuid(), new("ACI", "Alliance Compute Interface", null, Guid.NewGuid(), null, 1), Now));
        s = s.Apply(StandardDecisions.Decide(s, new("1.0", [new("R1", "MUST", "Runs the suite"), new("R2", "SHOULD", "Metrics")], []), Now));
        var requested = StandardDecisions.RequestRatification(s, "1.0", VendorRep, Guid.NewGuid(), Now);
        s = s.Apply(requested);
        return s.Apply((StandardVersionRatified)StandardDecisions.Decided(s, "1.0", requested.RequestId, Guid.NewGuid(), true, "approved", Now.AddDays(-1))!);
    }

    private static CertificationSubmitted Submit(string? r1Evidence, string? r2Evidence = null) =>
        CertificationDecisions.Decide(Guid.NewGuid(), new(Guid.NewGuid(), "1.0", "ACI", "1.0",
            [new("R1", "pass", null, r1Evidence, null), new("R2", "pass", null, r2Evidence, null)], null),
            new(Vendor, "admitted", Ratified(), _ => true), VendorRep, Now);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_result_whose_evidence_is_not_an_http_url_is_refused_naming_the_result(string url)
    {
        var refused = Assert.Throws<ValidationFailed>(() => Submit("https://ci.example.org/run/1", url));

        Assert.Equal(["results[1].evidenceUrl"], refused.Errors.Keys);
    }

    [Fact]
    public void Http_and_https_evidence_and_none_at_all_are_accepted()
    {
        Assert.Equal("https://ci.example.org/run/1?x=1#r1", Submit("https://ci.example.org/run/1?x=1#r1", "http://reports.example.cn/2").Results[0].EvidenceUrl);
        Assert.Empty(Submit(null).ChecksFailed);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_product_website_and_a_cure_evidence_must_be_http_urls(string url)
    {
        Assert.Equal(["website"], Assert.Throws<ValidationFailed>(() =>
            ProductDecisions.Decide(Guid.NewGuid(), new(Vendor, "Accelerator X", null, "accelerator", url), VendorRep, "admitted", Now)).Errors.Keys);
        var noticed = new Certification(Guid.NewGuid(), Guid.NewGuid(), Vendor, "ACI", "1.0", "certified", null, Now.AddDays(20), "notice");
        Assert.Equal(["evidenceUrl"], Assert.Throws<ValidationFailed>(() => CertificationDecisions.Cure(noticed, VendorRep, url, Now)).Errors.Keys);
    }
}
