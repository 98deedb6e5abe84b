using Alliance.Governance.OpenSource.Projects;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

/// <summary>Repository, adopter and security-review links are rendered for others: only absolute http(s) URLs.</summary>
public sealed class LinkValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Sponsor = Guid.NewGuid();

    private static OssProjectProposed Propose(string url) => OssProjectDecisions.Decide(Guid.NewGuid(),
        new OssProjectDecisions.Propose("OpenCompute Runtime", url, "A runtime", "Apache-2.0", Sponsor, [new("alice", "Alice", Sponsor, null)]),
        id => id == Sponsor ? "Sponsor Co" : null, SpdxParser.Default, Now);

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("/oss/ocr")]
    public void Every_project_link_must_be_an_http_url(string url)
    {
        var project = OssProject.Create(Propose("https://example.org/ocr"));

        Assert.Equal(["repositoryUrl"], Assert.Throws<ValidationFailed>(() => Propose(url)).Errors.Keys);
        Assert.Equal(["url"], Assert.Throws<ValidationFailed>(() => OssProjectDecisions.Adopter(project, new("Adopter Co", url), Now)).Errors.Keys);
        Assert.Equal(["link"], Assert.Throws<ValidationFailed>(() =>
            OssProjectDecisions.SecurityReview(project, new(new DateOnly(2026, 11, 1), url, "No findings"), Now)).Errors.Keys);
    }
}
