using Alliance.Governance.Ballots;
using Alliance.Governance.OpenSource.Projects;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>/licence-exceptions: a project's sponsor (or the secretariat) asks; a licence-exception ballot decides.</summary>
public static class LicenceExceptionEndpoints
{
    public sealed record ExceptionRow(Guid ExceptionId, Guid BallotId, string Package, string Version, string Licence, Guid ProjectId, string Reason,
        string Scope, string Status, string? Explanation, DateTime RequestedAt, DateTime? DecidedAt, Guid? DecisionId);

    private const string Columns = """
        select exception_id as ExceptionId, ballot_id as BallotId, package, version, licence, project_id as ProjectId, reason, scope, status, explanation,
               requested_at as RequestedAt, decided_at as DecidedAt, decision_id as DecisionId
        from licence_exceptions
        """;

    public static RouteGroupBuilder MapLicenceExceptions(this RouteGroupBuilder group)
    {
        group.MapPost("/", async (LicenceExceptionDecisions.Request body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var (id, ballotId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            var now = clock.GetUtcNow();
            var requested = LicenceExceptionDecisions.Decide(id, ballotId, body, SpdxParser.Default, now);
            var project = await session.Events.AggregateStreamAsync<OssProject>(requested.RequestingProjectId, token: http.RequestAborted)
                ?? throw new ValidationFailed(new Dictionary<string, string[]> { ["requestingProjectId"] = [$"No open-source project {requested.RequestingProjectId}."] });
            OssProjectDecisions.MayManage(project, Actor.Of(http.User));
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            await OssBallots.Open(session, connection, ballotId, OssBallots.LicenceException, id,
                $"Licence exception: {requested.Package} {requested.Version} ({requested.Licence}) for {project.Name}",
                $"Should {project.Name} be allowed to use {requested.Package} {requested.Version} under {requested.Licence} ({requested.Scope} scope)? Reason: {requested.Reason}",
                body.Profile, body.ClosesAt, BallotRuleDecisions.Caller.Of(Actor.Of(http.User), body.OverrideReason), now, http.RequestAborted);
            session.Events.StartStream<LicenceException>(id, requested);
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/licence-exceptions/{id}", new LicenceExceptionBallot(id, ballotId, requested.Licence, requested.Scope));
        }).RequireMemberOrSecretariat().WithSummary("Request a licence exception for a dependency; a licence-exception ballot decides (the project's sponsor or the secretariat)");

        group.MapGet("/", async (NpgsqlDataSource db, string? status, Guid? project, string? package, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@status::text is null or status = @status) and (@project::uuid is null or project_id = @project)
                  and (@package::text is null or lower(package) = lower(@package))
                """;
            var args = new { status, project, package, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from licence_exceptions {where}", args);
            var rows = await connection.QueryAsync<ExceptionRow>($"{Columns} {where} order by requested_at desc, exception_id limit @Limit offset @Offset", args);
            return TypedResults.Ok(paging.Of(rows.ToList(), total));
        }).WithSummary("Exception records (filters: status pending/approved/denied, project, package)");

        group.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return TypedResults.Ok(await connection.QuerySingleOrDefaultAsync<ExceptionRow>($"{Columns} where exception_id = @id", new { id })
                ?? throw new NotFound($"Licence exception {id}"));
        }).WithSummary("One exception record");

        group.MapHistory("licence exception");
        return group;
    }

    /// <summary>A requested exception and the ballot that decides it.</summary>
    public sealed record LicenceExceptionBallot(Guid ExceptionId, Guid BallotId, string Licence, string Scope);
}
