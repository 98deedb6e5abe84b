using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Standards;

/// <summary>/standards: the secretariat defines standards and versions, asks Governance to ratify them; anyone reads.</summary>
public static class StandardEndpoints
{
    public static async Task<Guid> IdOf(NpgsqlDataSource db, string code, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @code", new { code }) ?? throw new NotFound($"Standard {code}");
    }

    public sealed record StandardView(string Code, string Title, Guid CommitteeId, ValidityRule Validity, int CertifiableEarlierVersions,
        IReadOnlyList<string> Certifiable, IReadOnlyList<StandardVersion> Versions, string Kind);

    public sealed record ChangedRequirement(string Id, Requirement Before, Requirement After);

    /// <summary>The requirements added, removed and changed from one version to another.</summary>
    public sealed record StandardDiff(string Code, string From, string To, IReadOnlyList<Requirement> Added, IReadOnlyList<Requirement> Removed,
        IReadOnlyList<ChangedRequirement> Changed);

    public static RouteGroupBuilder MapStandards(this RouteGroupBuilder standards)
    {
        standards.MapPost("/", async (StandardDecisions.Create body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = Guid.CreateVersion7();
            var created = StandardDecisions.Decide(id, body, clock.GetUtcNow());
            await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
                if (await connection.ExecuteScalarAsync<bool>("select exists (select 1 from standards where code = @Code)", created))
                    throw new DomainRuleViolated("standard-exists", $"A standard with code {created.Code} exists.");
            session.Events.StartStream<Standard>(id, created);
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/standards/{created.Code}", new NewStandard(created.Code, id));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Define a standard (secretariat)");

        standards.MapPost("/{code}/versions", async (string code, StandardDecisions.ProposeVersion body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, code, http.RequestAborted);
            if (body.Evaluation is { } suite && (string.IsNullOrWhiteSpace(suite.Round) ? body.Version : suite.Round.Trim()) is { Length: > 0 } round)
                await Evaluations.EvaluationRounds.RefuseTaken(db, round, http.RequestAborted);
            var (_, events) = await StreamCommands.Run<Standard>(http, id, "Standard", s => [StandardDecisions.Decide(s, body, clock.GetUtcNow())]);
            var proposed = (StandardVersionProposed)events[0];
            return TypedResults.Created($"{http.Request.PathBase}/standards/{code}", new NewStandardVersion(code, proposed.Version, "draft"));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Propose a version with its requirements (secretariat)");

        standards.MapPost("/{code}/versions/{version}/ratification-requests", async (string code, string version, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, code, http.RequestAborted);
            await CommitteeChairs.MayAskForRatification(db, id, Actor.Of(http.User), http.RequestAborted);
            var (_, events) = await StreamCommands.Run<Standard>(http, id, "Standard",
                s => [StandardDecisions.RequestRatification(s, version, Actor.Of(http.User), Guid.NewGuid(), clock.GetUtcNow())]);
            var requested = (StandardVersionRatificationRequested)events[0];
            return TypedResults.Accepted($"{http.Request.PathBase}/standards/{code}", new VersionBallotRequest(code, version, requested.RequestId, "under-ballot"));
        }).RequireMemberOrSecretariat().WithSummary("Ask Governance to ratify a version: a ballot of the standard's committee (secretariat or that committee's chair)");

        standards.MapPost("/{code}/versions/{version}/withdrawal-requests", async (string code, string version, WithReason body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, code, http.RequestAborted);
            var (_, events) = await StreamCommands.Run<Standard>(http, id, "Standard",
                s => [StandardDecisions.RequestWithdrawal(s, version, Actor.Of(http.User), body.Reason, Guid.NewGuid(), clock.GetUtcNow())]);
            return TypedResults.Accepted($"{http.Request.PathBase}/standards/{code}", new VersionBallotRequest(code, version, ((StandardVersionWithdrawalRequested)events[0]).RequestId, "under-ballot"));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Ask Governance to withdraw a ratified version (secretariat); its certifications end with it");

        standards.MapPost("/{code}/versions/{version}/historical-ratification", async (string code, string version, StandardDecisions.HistoricalRatification body,
            NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, code, http.RequestAborted);
            var (_, events) = await StreamCommands.Run<Standard>(http, id, "Standard", s => [StandardDecisions.RatifyHistorically(s, version, body, clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Record a ratification that happened before the platform (secretariat, historical mode)");

        standards.MapGet("/", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<StandardSummary>("""
                select s.code, s.title, s.committee_id as "committeeId", s.kind,
                       (select v.version from standard_versions v where v.code = s.code and v.status = 'ratified'
                        order by v.ratified_at desc nulls last, v.version desc limit 1) as "latestRatified"
                from standards s order by s.code
                """);
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("The standards catalogue");

        standards.MapGet("/{code}", async (string code, NpgsqlDataSource db, IQuerySession session, HttpContext http) =>
        {
            var standard = await session.Events.AggregateStreamAsync<Standard>(await IdOf(db, code, http.RequestAborted), token: http.RequestAborted);
            // A ratified version shows superseded once a newer one is ratified (the stored status stays ratified).
            return TypedResults.Ok(new StandardView(standard!.Code, standard.Title, standard.CommitteeId, standard.Validity, standard.CertifiableEarlierVersions,
                standard.Certifiable().ToList(), standard.Versions.Select(v => v with { Status = standard.DisplayStatus(v) }).ToList(), standard.Kind));
        }).WithSummary("A standard with its versions and requirements");

        standards.MapGet("/{code}/diff", async (string code, string from, string to, NpgsqlDataSource db, IQuerySession session, HttpContext http) =>
        {
            var standard = (await session.Events.AggregateStreamAsync<Standard>(await IdOf(db, code, http.RequestAborted), token: http.RequestAborted))!;
            var (a, b) = (standard.Version(from) ?? throw new NotFound($"{code} {from}"), standard.Version(to) ?? throw new NotFound($"{code} {to}"));
            var before = a.Requirements.ToDictionary(r => r.Id);
            var after = b.Requirements.ToDictionary(r => r.Id);
            return TypedResults.Ok(new StandardDiff(code, from, to,
                b.Requirements.Where(r => !before.ContainsKey(r.Id)).ToList(),
                a.Requirements.Where(r => !after.ContainsKey(r.Id)).ToList(),
                b.Requirements.Where(r => before.TryGetValue(r.Id, out var old) && old != r).Select(r => new ChangedRequirement(r.Id, before[r.Id], r)).ToList()));
        }).WithSummary("What changed in the requirements between two versions");

        standards.MapHistory("standard");
        return standards;
    }
}
