using System.Text.Json;
using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>Public reads: the project list, one project with its people, evidence, stage history and releases, coverage, and the landscape.</summary>
public static class OssProjectReads
{
    public sealed record ProjectRow(Guid ProjectId, string Name, string RepositoryUrl, string Description, string Licence, Guid SponsorMemberId,
        string SponsorName, string Stage, Guid? PendingBallotId, string? PendingStage, bool Dco, bool Cla, DateTime ProposedAt, DateTime? StageChangedAt, long Version);

    public sealed record MaintainerRow(string Handle, string Name, Guid? AffiliationMemberId, string Affiliation, bool Emeritus, DateTime JoinedAt, DateTime? EmeritusAt);

    public sealed record ReleaseRow(string Version, string Status, string Licence, int Dependencies, string Offending, string Notes, DateTime DecidedAt);

    public sealed record ProjectListItem(Guid ProjectId, string Name, string RepositoryUrl, string Licence, string LicenceCategory, Guid SponsorMemberId,
        string SponsorName, string Stage, string? PendingStage);

    public sealed record LandscapeProject(Guid ProjectId, string Name, string Licence, string LicenceCategory, string SponsorName, IReadOnlyList<string> Organisations);

    public sealed record LandscapeOrganisation(string Organisation, int Maintainers, int Projects);

    /// <summary>The projects per lifecycle stage (every stage present, in lifecycle order), and the maintainers' organisations.</summary>
    public sealed record Landscape(IReadOnlyDictionary<string, IReadOnlyList<LandscapeProject>> Stages, IReadOnlyList<LandscapeOrganisation> Organisations);

    public sealed record LicenceVerdictView(string Category, string? ApacheCategory, string Explanation);

    public sealed record PendingStage(Guid BallotId, string? Stage);

    public sealed record ContributorPolicyView(bool Dco, bool Cla);

    /// <summary>A move the lifecycle allows from the current stage, and the criteria still unmet for it.</summary>
    public sealed record NextStage(string Stage, IReadOnlyList<string> Unmet);

    public sealed record AdopterView(string Organisation, string Url, DateTime RecordedAt);

    public sealed record SecurityReviewView(string Date, string Link, string Summary, DateTime RecordedAt);

    public sealed record StageHistoryEntry(string From, string To, string Outcome, Guid BallotId, Guid? DecisionId, DateTime At);

    /// <summary>Offending and Notes: the release check's findings as it stored them.</summary>
    public sealed record ReleaseView(string Version, string Status, string Licence, int Dependencies, JsonElement Offending, JsonElement Notes, DateTime DecidedAt);

    public sealed record OssProjectDetail(Guid ProjectId, string Name, string RepositoryUrl, string Description, string Licence, LicenceVerdictView LicenceVerdict,
        Guid SponsorMemberId, string SponsorName, string Stage, DateTime ProposedAt, DateTime? StageChangedAt, PendingStage? Pending,
        ContributorPolicyView ContributorPolicy, IReadOnlyList<NextStage> NextStages, IReadOnlyList<MaintainerRow> Maintainers, IReadOnlyList<AdopterView> Adopters,
        IReadOnlyList<SecurityReviewView> SecurityReviews, IReadOnlyList<StageHistoryEntry> StageHistory, IReadOnlyList<ReleaseView> Releases, long Version);

    public sealed record CoveringAgreement(Guid AgreementId, string Kind, string? Member, string MatchedBy, DateTime SignedAt);

    /// <summary>Whether a contributor may contribute: Dco says what a commit must carry; Missing, what is not in force.</summary>
    public sealed record ContributorCoverage(string Handle, Guid Project, ContributorPolicyView Policy, bool Covered, IReadOnlyList<CoveringAgreement> By, string? Dco,
        IReadOnlyList<string> Missing);

    private const string ProjectColumns = """
        select project_id as ProjectId, name, repository_url as RepositoryUrl, description, licence, sponsor_member_id as SponsorMemberId, sponsor_name as SponsorName,
               stage, pending_ballot_id as PendingBallotId, pending_stage as PendingStage, dco, cla, proposed_at as ProposedAt, stage_changed_at as StageChangedAt, version
        from oss_projects
        """;

    public static RouteGroupBuilder MapOssProjectReads(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (NpgsqlDataSource db, string? stage, string? licenceCategory, Guid? sponsor, string? q, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            if (licenceCategory is not null && !LicenceCategories.Names.Contains(licenceCategory))
                throw new ValidationFailed(new Dictionary<string, string[]> { ["licenceCategory"] = [$"'licenceCategory' must be one of: {string.Join(", ", LicenceCategories.Names)}."] });
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<ProjectRow>($"""
                {ProjectColumns}
                where (@stage::text is null or stage = @stage) and (@sponsor::uuid is null or sponsor_member_id = @sponsor)
                  and (@q::text is null or name ilike '%' || @q || '%' or description ilike '%' || @q || '%')
                order by name, project_id
                """, new { stage, sponsor, q })).ToList();
            // The category follows the policy in force, so it is judged at read time (projects are few; the policy is one small query).
            var judged = await Judge(connection, rows);
            var matching = judged.Where(x => licenceCategory is null || x.Verdict.CategoryName == licenceCategory).ToList();
            var items = matching.Skip(paging.Offset).Take(paging.Limit)
                .Select(x => new ProjectListItem(x.Row.ProjectId, x.Row.Name, x.Row.RepositoryUrl, x.Row.Licence, x.Verdict.CategoryName, x.Row.SponsorMemberId, x.Row.SponsorName,
                    x.Row.Stage, x.Row.PendingStage))
                .ToList();
            return TypedResults.Ok(paging.Of(items, matching.Count));
        }).WithSummary("Hosted projects (filters: stage, licenceCategory, sponsor, q)");

        group.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, IQuerySession session, PersonalData personal, HttpContext http) =>
        {
            var ct = http.RequestAborted;
            await using var connection = await db.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<ProjectRow>($"{ProjectColumns} where project_id = @id", new { id }) ?? throw new NotFound($"Open-source project {id}");
            var project = (await session.Events.AggregateStreamAsync<OssProject>(id, token: ct))!;
            var verdict = (await Judge(connection, [row]))[0].Verdict;
            var covered = await Coverage.Covered(connection, project.Active);
            var args = new { id };
            var stored = (await connection.QueryAsync<MaintainerRow>("""
                select handle, name, affiliation_member_id as AffiliationMemberId, affiliation, emeritus, joined_at as JoinedAt, emeritus_at as EmeritusAt
                from oss_maintainers where project_id = @id
                """, args)).ToList();
            // Names are stored sealed (OssPeople), so they are opened, then ordered.
            var opener = await personal.For(stored.Select(m => m.Name), ct);
            var maintainers = stored.Select(m => m with { Name = opener.Open(m.Name)! })
                .OrderBy(m => m.Emeritus).ThenBy(m => m.Name.ToLowerInvariant(), StringComparer.Ordinal).ToList();
            var adopters = await connection.QueryAsync<AdopterView>("select organisation, url, recorded_at as \"recordedAt\" from oss_adopters where project_id = @id order by recorded_at", args);
            var reviews = await connection.QueryAsync<SecurityReviewView>("select review_date::text as date, link, summary, recorded_at as \"recordedAt\" from oss_security_reviews where project_id = @id order by review_date", args);
            var stages = await connection.QueryAsync<StageHistoryEntry>("""
                select from_stage as "from", to_stage as "to", outcome, ballot_id as "ballotId", decision_id as "decisionId", at from oss_stage_history where project_id = @id order by at
                """, args);
            var releases = await connection.QueryAsync<ReleaseRow>("""
                select version, status, licence, dependencies, offending::text as Offending, notes::text as Notes, decided_at as DecidedAt
                from oss_releases where project_id = @id order by decided_at desc
                """, args);
            StreamHttp.SetETag(http, row.Version);
            return TypedResults.Ok(new OssProjectDetail(row.ProjectId, row.Name, row.RepositoryUrl, row.Description, row.Licence,
                new LicenceVerdictView(verdict.CategoryName, verdict.Category.ApacheLetter(), verdict.Explanation),
                row.SponsorMemberId, row.SponsorName, row.Stage, row.ProposedAt, row.StageChangedAt,
                row.PendingBallotId is { } pending ? new PendingStage(pending, row.PendingStage) : null,
                new ContributorPolicyView(row.Dco, row.Cla),
                // What stands between the project and each move the lifecycle allows from here.
                Stages.Next[row.Stage].Select(to => new NextStage(to, OssCriteria.Unmet(project, to, verdict, covered))).ToList(),
                maintainers, adopters.ToList(), reviews.ToList(), stages.ToList(),
                releases.Select(r => new ReleaseView(r.Version, r.Status, r.Licence, r.Dependencies, JsonColumn.Parse(r.Offending), JsonColumn.Parse(r.Notes), r.DecidedAt)).ToList(),
                row.Version));
        }).WithSummary("One project: people, adopters, reviews, stage history, releases, and the criteria still unmet for each next stage");

        group.MapGet("/{id:guid}/contributors/{handle}/coverage", async (Guid id, string handle, string? email, NpgsqlDataSource db, CancellationToken ct) =>
        {
            if (email is not null && (email.Split('@') is not [{ Length: > 0 }, { Length: > 2 } domain] || !domain.Contains('.')))
                throw new ValidationFailed(new Dictionary<string, string[]> { ["email"] = ["'email' must be an e-mail address (its domain is matched against corporate CLAs)."] });
            await using var connection = await db.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<ProjectRow>($"{ProjectColumns} where project_id = @id", new { id }) ?? throw new NotFound($"Open-source project {id}");
            var covers = await Coverage.Of(connection, handle, email?.Split('@')[1]);
            var missing = new List<string>();
            if (!row.Dco && !row.Cla) missing.Add("the project has no contributor policy, so no agreement is in force for it");
            if (row.Cla && covers.Count == 0) missing.Add($"{handle} is covered by no individual CLA and by no corporate CLA{(email is null ? " (give ?email= to match a corporate CLA by domain)" : "")}");
            return TypedResults.Ok(new ContributorCoverage(handle, row.ProjectId, new ContributorPolicyView(row.Dco, row.Cla), missing.Count == 0,
                covers.Select(c => new CoveringAgreement(c.AgreementId, c.Kind == "individual" ? "individual-cla" : "corporate-cla", c.MemberName, c.MatchedBy, c.SignedAt)).ToList(),
                row.Dco ? "Every commit must carry a Signed-off-by line with the contributor's real name." : null, missing));
        }).WithSummary("Whether a contributor is covered on this project, and by what");

        group.MapHistory("open-source project");
        return group;
    }

    public static void MapLandscape(this IEndpointRouteBuilder app) =>
        app.MapGet("/landscape", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = (await connection.QueryAsync<ProjectRow>($"{ProjectColumns} order by name")).ToList();
            var judged = await Judge(connection, rows);
            var maintainers = (await connection.QueryAsync<(Guid ProjectId, string Affiliation)>(
                "select project_id, affiliation from oss_maintainers where not emeritus")).ToList();
            return TypedResults.Ok(new Landscape(
                Stages.All.ToDictionary(s => s, s => (IReadOnlyList<LandscapeProject>)judged.Where(x => x.Row.Stage == s).Select(x => new LandscapeProject(
                    x.Row.ProjectId, x.Row.Name, x.Row.Licence, x.Verdict.CategoryName, x.Row.SponsorName,
                    maintainers.Where(m => m.ProjectId == x.Row.ProjectId).Select(m => m.Affiliation).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList())).ToList()),
                maintainers.GroupBy(m => m.Affiliation).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(g => new LandscapeOrganisation(g.Key, g.Count(), g.Select(m => m.ProjectId).Distinct().Count())).ToList()));
        }).WithTags("Open source").WithSummary("Projects per lifecycle stage and the organisations their active maintainers come from");

    private static async Task<List<(ProjectRow Row, Verdict Verdict)>> Judge(NpgsqlConnection db, List<ProjectRow> rows)
    {
        var expressions = rows.Select(r => SpdxParser.Default.Parse(r.Licence).Expression!).ToList();
        var policy = await PolicyReads.Lookup(db, expressions);
        return rows.Select((r, i) => (r, PolicyEvaluation.Evaluate(expressions[i], policy))).ToList();
    }
}
