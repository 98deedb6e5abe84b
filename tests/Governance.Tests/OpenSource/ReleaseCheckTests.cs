using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Xunit;

namespace Alliance.Governance.Tests.OpenSource;

public sealed class ReleaseCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly OssProject Project = OssProject.Create(new OssProjectProposed(Guid.NewGuid(), "OpenCompute Runtime", "https://example.org/ocr",
        "A runtime", "Apache-2.0", Guid.NewGuid(), "Sponsor Co", [new Maintainer("alice", "Alice", null, "Sponsor Co")], Now));

    private static object Check(IReadOnlyList<LicenceException> exceptions, params (string Name, string Version, string Licence, bool Binary)[] deps) =>
        Check("Apache-2.0", exceptions, deps);

    private static object Check(string licence, IReadOnlyList<LicenceException> exceptions, params (string Name, string Version, string Licence, bool Binary)[] deps)
    {
        var request = new ReleaseDecisions.Request("1.0.0", licence, deps.Select(d => new ReleaseDecisions.DependencyRequest(d.Name, d.Version, d.Licence, d.Binary)).ToArray());
        var (version, canonical, dependencies) = ReleaseDecisions.Validate(Project, request, SpdxParser.Default);
        return ReleaseDecisions.Decide(Project, version, canonical, dependencies, SpdxParser.Default, k => PolicyEvaluationTests.Seed.GetValueOrDefault(k), exceptions, Now);
    }

    private static LicenceException Exception(string package, string version, string licence, string status = LicenceException.Approved, string scope = "project", Guid? project = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), package, version, licence, project ?? Project.Id, scope, status);

    [Fact]
    public void Allowed_dependencies_are_approved()
    {
        var approved = Assert.IsType<ReleaseApproved>(Check([], ("serde", "1.0.200", "MIT OR Apache-2.0", false), ("zlib", "1.3", "Zlib", false)));

        Assert.Equal(2, approved.Dependencies.Length);
        Assert.Empty(approved.Notes);
    }

    [Fact]
    public void Every_offending_dependency_is_listed_with_its_reason()
    {
        var blocked = Assert.IsType<ReleaseBlocked>(Check([],
            ("readline", "8.2", "GPL-3.0-or-later", false), ("ok", "1", "MIT", false), ("nss", "3.9", "MPL-2.0", false), ("odd", "1", "Apache2", false)));

        Assert.Equal(["readline", "nss", "odd"], blocked.Offending.Select(o => o.Name));
        Assert.Equal(["forbidden", "restricted", "invalid"], blocked.Offending.Select(o => o.Category));
        Assert.Contains("Request a licence exception", blocked.Offending[0].Reason);
        Assert.Contains("Ship it in binary form only", blocked.Offending[1].Reason);
        Assert.Contains("did you mean 'Apache-2.0'", blocked.Offending[2].Reason);
    }

    [Fact]
    public void A_restricted_dependency_in_binary_form_only_passes_with_a_note()
    {
        var approved = Assert.IsType<ReleaseApproved>(Check([], ("nss", "3.9", "MPL-2.0", true)));

        Assert.Contains("binary form only", Assert.Single(approved.Notes));
    }

    [Fact]
    public void An_approved_exception_unblocks_exactly_the_package_version_licence_and_scope_it_names()
    {
        var exception = Exception("readline", "8.2", "GPL-3.0-or-later");

        var approved = Assert.IsType<ReleaseApproved>(Check([exception], ("readline", "8.2", "gpl-3.0-or-later", false)));
        Assert.Equal([exception.Id], approved.ExceptionsUsed);

        Assert.IsType<ReleaseBlocked>(Check([exception], ("readline", "8.3", "GPL-3.0-or-later", false)));
        Assert.IsType<ReleaseBlocked>(Check([exception], ("readline", "8.2", "GPL-3.0-only", false)));
        Assert.IsType<ReleaseBlocked>(Check([exception], ("readline2", "8.2", "GPL-3.0-or-later", false)));
        var blocked = Assert.IsType<ReleaseBlocked>(Check([exception], ("readline", "8.2", "GPL-3.0-or-later", false), ("bash", "5", "GPL-3.0-or-later", false)));
        Assert.Equal("bash", Assert.Single(blocked.Offending).Name);
    }

    [Fact]
    public void Denied_exceptions_and_other_projects_exceptions_do_not_count_but_alliance_wide_ones_do()
    {
        Assert.IsType<ReleaseBlocked>(Check([Exception("readline", "8.2", "GPL-3.0-or-later", LicenceException.Denied)], ("readline", "8.2", "GPL-3.0-or-later", false)));
        Assert.IsType<ReleaseBlocked>(Check([Exception("readline", "8.2", "GPL-3.0-or-later", project: Guid.NewGuid())], ("readline", "8.2", "GPL-3.0-or-later", false)));
        Assert.IsType<ReleaseApproved>(Check([Exception("readline", "*", "GPL-3.0-or-later", scope: "alliance", project: Guid.NewGuid())], ("Readline", "9.0", "GPL-3.0-or-later", false)));
    }

    [Fact]
    public void The_release_must_carry_the_projects_licence()
    {
        var blocked = Assert.IsType<ReleaseBlocked>(Check("MIT", []));

        Assert.Equal("(release licence)", Assert.Single(blocked.Offending).Name);
        Assert.Contains("differs from the project's licence Apache-2.0", blocked.Offending[0].Reason);
    }

    [Fact]
    public void Missing_fields_are_refused_naming_each_one()
    {
        var request = new ReleaseDecisions.Request(null, "Nope-1", [new(null, "1", "MIT", false), new("x", null, null, null)]);

        var refused = Assert.Throws<ValidationFailed>(() => ReleaseDecisions.Validate(Project, request, SpdxParser.Default));

        Assert.Equal(["version", "licence", "dependencies[0].name", "dependencies[1].version", "dependencies[1].licence"], refused.Errors.Keys);
    }
}
