using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>
/// Checks a release against the licence policy: the release carries the project's own licence, and every
/// dependency is allowed, or restricted but shipped only in binary form, or covered by an approved exception
/// naming exactly that package, version, licence and scope. Everything that blocks is listed, with why.
/// </summary>
public static class ReleaseDecisions
{
    public sealed record DependencyRequest(string? Name, string? Version, string? Licence, bool? Binary);

    public sealed record Request(string? Version, string? Licence, DependencyRequest[]? Dependencies);

    public const int MaxDependencies = 2000;

    /// <summary>Validates the shape (400) and parses every licence; an unparsable dependency licence is an offence, not a 400, so the whole list is reported.</summary>
    public static (string Version, string Licence, Dependency[] Dependencies) Validate(OssProject p, Request r, SpdxParser parser)
    {
        var v = new Validation();
        v.Required("version", r.Version, 100);
        var licence = OssProjectDecisions.Licence(v, "licence", r.Licence, parser);
        if (r.Dependencies is null || r.Dependencies.Length > MaxDependencies) v.Add("dependencies", $"'dependencies' lists up to {MaxDependencies} {{name, version, licence, binary}} (an empty list is fine).");
        foreach (var (d, i) in (r.Dependencies ?? []).Select((d, i) => (d, i)))
        {
            if (d is null) { v.Add($"dependencies[{i}]", "A dependency is {name, version, licence, binary}."); continue; }
            v.Required($"dependencies[{i}].name", d.Name, 300);
            v.Required($"dependencies[{i}].version", d.Version, 100);
            v.Required($"dependencies[{i}].licence", d.Licence, SpdxParser.MaxLength);
        }
        v.ThrowIfInvalid();
        if (p.ApprovedReleases.Contains(r.Version!.Trim()))
            throw new DomainRuleViolated("release-exists", $"Release {r.Version} of {p.Name} is already approved; a release is never approved twice.");
        return (r.Version.Trim(), licence!, r.Dependencies!.Select(d => new Dependency(d.Name!.Trim(), d.Version!.Trim(), d.Licence!.Trim(), d.Binary ?? false)).ToArray());
    }

    public static object Decide(OssProject p, string version, string licence, Dependency[] dependencies, SpdxParser parser,
        Func<string, PolicyEntry?> policy, IReadOnlyList<LicenceException> exceptions, DateTimeOffset now)
    {
        var offending = new List<Offence>();
        var notes = new List<string>();
        var used = new List<Guid>();
        if (licence != p.Licence)
            offending.Add(new("(release licence)", version, licence, "-", $"the release's licence differs from the project's licence {p.Licence}"));
        else if (PolicyEvaluation.Evaluate(parser.Parse(licence).Expression!, policy) is { Category: not LicenceCategory.Allowed } own)
            offending.Add(new("(release licence)", version, licence, own.CategoryName, own.Explanation));
        var canonical = new List<Dependency>();
        foreach (var d in dependencies)
        {
            var parsed = parser.Parse(d.Licence);
            if (!parsed.Valid)
            {
                offending.Add(new(d.Name, d.Version, d.Licence, "invalid", string.Join(" ", parsed.Errors.Select(e => e.Message))));
                canonical.Add(d);
                continue;
            }
            var dependency = d with { Licence = parsed.Expression!.ToString() };
            canonical.Add(dependency);
            var verdict = PolicyEvaluation.Evaluate(parsed.Expression, policy);
            if (verdict.Category == LicenceCategory.Allowed) continue;
            if (verdict.Category == LicenceCategory.Restricted && d.Binary)
            {
                notes.Add($"{d.Name} {d.Version}: {dependency.Licence} is restricted and shipped in binary form only, which category B permits.");
                continue;
            }
            if (exceptions.FirstOrDefault(x => x.Covers(p.Id, d.Name, d.Version, dependency.Licence)) is { } exception)
            {
                notes.Add($"{d.Name} {d.Version}: {dependency.Licence} is {verdict.CategoryName}, covered by approved exception {exception.Id} ({exception.Scope} scope).");
                used.Add(exception.Id);
                continue;
            }
            var remedy = verdict.Category == LicenceCategory.Restricted ? " Ship it in binary form only, or request a licence exception." : " Request a licence exception.";
            offending.Add(new(d.Name, d.Version, dependency.Licence, verdict.CategoryName, verdict.Explanation + "." + remedy));
        }
        return offending.Count == 0
            ? new ReleaseApproved(p.Id, version, licence, canonical.ToArray(), notes.ToArray(), used.Distinct().ToArray(), now)
            : new ReleaseBlocked(p.Id, version, licence, canonical.ToArray(), offending.ToArray(), now);
    }
}
