using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Evaluations;

/// <summary>/evaluations/submissions: members submit measured results for their products; other members object; reviewers resolve.</summary>
public static class EvaluationEndpoints
{
    public sealed record WithEvidence(string? EvidenceUrl);
    public sealed record WithReason(string? Reason);

    public static RouteGroupBuilder MapEvaluations(this RouteGroupBuilder evaluations)
    {
        evaluations.MapPost("/submissions", Submit).RequireMemberOrSecretariat()
            .WithSummary("Submit a system's results to a round for one of the member's products; the automatic checks run at once and the review window opens");

        evaluations.MapGet("/submissions/{resultId}", async (string resultId, NpgsqlDataSource db, IQuerySession session, HttpContext http) =>
        {
            var (id, state) = await Load(db, session, resultId, http);
            var row = await SubmissionRow(db, id, http.RequestAborted);
            return TypedResults.Ok(new SubmissionView(row, state.Status, state.ReviewUntil, state.AvailableBy, state.AvailableAt, state.Results, state.Objections, state.Published, state.Withdrawn));
        }).WithSummary("A submission with its results, checks, objections and review state (under review: members only)");

        evaluations.MapGet("/submissions/{resultId}/history", async (string resultId, NpgsqlDataSource db, IQuerySession session, HttpContext http) =>
        {
            var (id, _) = await Load(db, session, resultId, http);
            var events = await session.Events.FetchStreamAsync(id, token: http.RequestAborted);
            return TypedResults.Ok(events.Select(e => new SubmissionEvent(e.Version, e.EventTypeName, EventCatalog.OccurredAt(e.Data), e.Timestamp, e.UserName, e.Data)).ToList());
        }).WithSummary("The submission's events in order (under review: members only)");

        evaluations.MapPost("/submissions/{resultId}/objections", async (string resultId, EvaluationDecisions.ObjectionBody body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, resultId, http.RequestAborted);
            var filed = (EvaluationObjectionFiled)(await StreamCommands.Run<Evaluation>(http, id, "Submission",
                e => [EvaluationDecisions.Object(e, Actor.Of(http.User), body, clock.GetUtcNow())])).Events[0];
            return TypedResults.Created($"{http.Request.PathBase}/evaluations/submissions/{resultId}", filed);
        }).RequireAuthorization(Policies.Member).WithSummary("Object to a submission under review (a representative of another member)");

        evaluations.MapPost("/submissions/{resultId}/objections/{number:int}/reviewer", async (string resultId, int number, EvaluationDecisions.Appointment body,
            NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, resultId, http.RequestAborted);
            string? status;
            await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
                status = await connection.ExecuteScalarAsync<string?>("""
                    select v.status from vendors v where v.member_id = @ReviewerMemberId
                    """, body);
            return TypedResults.Ok((await StreamCommands.Run<Evaluation>(http, id, "Submission",
                e => [EvaluationDecisions.Appoint(e, number, body, status, Actor.Of(http.User), clock.GetUtcNow())])).Events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Appoint the reviewer who resolves an objection (secretariat)");

        evaluations.MapPost("/submissions/{resultId}/objections/{number:int}/resolution", async (string resultId, int number, EvaluationDecisions.Resolution body,
            NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, resultId, http.RequestAborted);
            return TypedResults.Ok((await StreamCommands.Run<Evaluation>(http, id, "Submission",
                e => [EvaluationDecisions.Resolve(e, number, body, Actor.Of(http.User), clock.GetUtcNow())])).Events[0]);
        }).RequireAuthorization(Policies.Reviewer).WithSummary("Uphold or dismiss an objection (the reviewer appointed for it)");

        evaluations.MapPost("/submissions/{resultId}/availability", async (string resultId, WithEvidence body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, resultId, http.RequestAborted);
            return TypedResults.Ok((await StreamCommands.Run<Evaluation>(http, id, "Submission",
                e => [EvaluationDecisions.DeclareAvailable(e, Actor.Of(http.User), body.EvidenceUrl, clock.GetUtcNow())])).Events[0]);
        }).RequireMemberOrSecretariat().WithSummary("Show that a preview system became available before its deadline (the submitter or the secretariat)");

        evaluations.MapPost("/submissions/{resultId}/withdrawal", async (string resultId, WithReason body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var id = await IdOf(db, resultId, http.RequestAborted);
            return TypedResults.Ok((await StreamCommands.Run<Evaluation>(http, id, "Submission", e => EvaluationDecisions.Withdraw(e, body.Reason, clock.GetUtcNow()))).Events);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Withdraw a submission's results, with a reason (secretariat)");

        EvaluationQueries.Map(evaluations);
        return evaluations;
    }

    private static async Task<IResult> Submit(EvaluationDecisions.Submit body, NpgsqlDataSource db, IDocumentStore store, TimeProvider clock, HttpContext http)
    {
        var ct = http.RequestAborted;
        var actor = Actor.Of(http.User);
        var now = clock.GetUtcNow();
        EvaluationDecisions.Validate(body, actor, now);
        var asOf = body.EffectiveAt ?? now;
        await using var connection = await db.OpenConnectionAsync(ct);
        var product = await connection.QuerySingleOrDefaultAsync<(Guid VendorId, string? Status)>("""
            select p.vendor_id, v.status from products p left join vendors v on v.member_id = p.vendor_id
            where p.product_id = @ProductId
            """, body);
        if (product.VendorId == Guid.Empty) throw new NotFound($"Product {body.ProductId}");
        var vendorStatus = body.EffectiveAt is null ? product.Status : await Vendors.VendorStanding.AsOf(connection, product.VendorId, asOf);
        var standardId = await connection.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @Standard", body);
        await using var query = store.QuerySession();
        var standard = standardId is { } sid ? await query.Events.AggregateStreamAsync<Standard>(sid, token: ct) : null;
        if (body.ResultId is not null && await connection.ExecuteScalarAsync<bool>("select exists (select 1 from evaluation_submissions where result_id = @ResultId)", body))
            throw new DomainRuleViolated("result-id-exists", $"{body.ResultId} was already submitted.");

        // Decided before an id is taken, so a refused submission uses no number of the round.
        var id = Guid.CreateVersion7();
        var decided = EvaluationDecisions.Decide(id, "", body, new EvaluationDecisions.Context(standard, product.VendorId, vendorStatus), actor, now);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var submitted = decided with { ResultId = await EvaluationRounds.Next(connection, tx, decided.Round, body.ResultId) };
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(tx));
        session.CorrelationId = Correlation.Of(http);
        session.CausationId = http.TraceIdentifier;
        session.LastModifiedBy = actor.Describe();
        session.Events.StartStream<Evaluation>(id, submitted);
        if (body.PublishedAt is { } publishedAt)
            session.Events.Append(id, EvaluationDecisions.PublishedHistorically(Evaluation.Create(submitted), body.ReviewedBy!.Trim(), publishedAt));
        await session.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var state = Evaluation.Create(submitted);
        return TypedResults.Created($"{http.Request.PathBase}/evaluations/submissions/{submitted.ResultId}", new SubmissionReceipt(id, submitted.ResultId,
            body.PublishedAt is null ? state.Status : state.Results.Any(r => r.ChecksFailed.Length == 0) && submitted.ChecksFailed.Length == 0 ? "published" : "rejected",
            submitted.ReviewUntil, submitted.AvailableBy, submitted.ChecksFailed,
            submitted.Results.Select(r => new ResultChecks(r.Benchmark, r.Scenario, r.ChecksFailed)).ToList()));
    }

    public static async Task<Guid> IdOf(NpgsqlDataSource db, string resultId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<Guid?>("select submission_id from evaluation_submissions where result_id = @resultId", new { resultId })
            ?? throw new NotFound($"Submission {resultId}");
    }

    /// <summary>Results under review are confidential to the members (MLPerf: to the review committee): the public sees a submission once published.</summary>
    private static async Task<(Guid, Evaluation)> Load(NpgsqlDataSource db, IQuerySession session, string resultId, HttpContext http)
    {
        var id = await IdOf(db, resultId, http.RequestAborted);
        var state = await session.Events.AggregateStreamAsync<Evaluation>(id, token: http.RequestAborted) ?? throw new NotFound($"Submission {resultId}");
        var insider = Actor.Of(http.User) is { } a && (a.IsSecretariat || a.MemberId is not null);
        if (!insider && state.Published.Length == 0) throw new NotFound($"Submission {resultId}");
        return (id, state);
    }

    private static async Task<object?> SubmissionRow(NpgsqlDataSource db, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync("""
            select s.submission_id as "submissionId", s.result_id as "resultId", s.round, s.standard_code as "standard", s.version, s.product_id as "productId",
                   p.name as "productName", s.vendor_id as "vendorId", v.name as "submitter", s.division, s.category, s.system::text as "systemJson",
                   s.checks_failed::text as "checksFailedJson", s.submitted_at as "submittedAt", s.source
            from evaluation_submissions s join products p on p.product_id = s.product_id left join vendors v on v.member_id = s.vendor_id
            where s.submission_id = @id
            """, new { id });
        return new
        {
            row.submissionId,
            row.resultId,
            row.round,
            row.standard,
            row.version,
            row.productId,
            row.productName,
            row.vendorId,
            row.submitter,
            row.division,
            row.category,
            system = JsonColumn.Parse((string)row.systemJson),
            checksFailed = JsonColumn.Parse((string)row.checksFailedJson),
            row.submittedAt,
            row.source,
        };
    }
}
