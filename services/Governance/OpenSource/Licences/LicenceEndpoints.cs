using System.Text.Json;
using Alliance.Governance.Ballots;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>/licence-checks (public), /licence-policy with its history and its changes by ballot (secretariat proposes).</summary>
public static class LicenceEndpoints
{
    public sealed record CheckRequest(string? Expression);

    public sealed record PolicyRow(string Key, string Category, string? Note, DateTime ChangedAt);

    public sealed record HistoryRow(long Version, Guid? ChangeId, Guid? DecisionId, string Changes, string Reason, string? ListSource, DateTime At);

    public sealed record ChangeRow(Guid ChangeId, Guid BallotId, string Changes, string Reason, string Status, DateTime ProposedAt, DateTime? DecidedAt, Guid? DecisionId);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/licence-checks", async (CheckRequest body, NpgsqlDataSource db, HttpContext http) =>
        {
            var v = new Validation();
            v.Required("expression", body.Expression, SpdxParser.MaxLength);
            v.ThrowIfInvalid();
            var parsed = SpdxParser.Default.Parse(body.Expression);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var version = await PolicyVersion(connection);
            if (!parsed.Valid)
                return TypedResults.Ok(new CheckResult(body.Expression!, null, false, null, null, null,
                    string.Join(" ", parsed.Errors.Select(e => e.Message)), [], parsed.Errors, parsed.Warnings, version, SpdxList.Embedded.Source, "en", null));
            var verdict = await PolicyReads.Evaluate(connection, parsed.Expression!);
            // The verdict in the reader's language (Accept-Language), and as parts for a client that words it itself.
            var chinese = RequestLanguage.PrefersChinese(http);
            var terms = chinese
                ? verdict.Terms.Select(t => t with { Reason = LicenceText.Reason(new("term", t.Term, t.Category, t.ReasonCode, t.Licence, t.Note), chinese: true) }).ToList()
                : verdict.Terms;
            return TypedResults.Ok(new CheckResult(body.Expression!, parsed.Expression!.ToString(), true, verdict.CategoryName, verdict.Category.ApacheLetter(),
                verdict.DecidingTerm, chinese ? LicenceText.Render(verdict.Parts, chinese: true) : verdict.Explanation, terms, [], parsed.Warnings, version,
                SpdxList.Embedded.Source, chinese ? "zh-CN" : "en", verdict.Parts));
        })
        // A pure computation that changes nothing: a repeat simply runs again (anonymous answers are never replayed).
        .WithoutIdempotency()
        .WithTags("Licences").WithSummary("Check an SPDX expression against the licence policy (public)");

        var policy = app.MapGroup("/licence-policy").WithTags("Licences");
        policy.MapGet("/", async (NpgsqlDataSource db, string? category, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<PolicyRow>("""
                select key, category, note, changed_at as ChangedAt from licence_policy
                where (@category::text is null or category = @category) order by key_lower
                """, new { category });
            return TypedResults.Ok(new PolicyInForce(await PolicyVersion(connection), SpdxList.Embedded.Source, LicenceCategories.NeedsReview, rows.ToList()));
        }).WithSummary("The licence policy in force: each entry allowed (A), restricted (B) or forbidden (X); anything else needs review");

        policy.MapGet("/history", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<HistoryRow>("""
                select version, change_id as ChangeId, decision_id as DecisionId, changes::text as Changes, reason, list_source as ListSource, at
                from licence_policy_history order by version
                """);
            return TypedResults.Ok(rows.Select(h => new PolicyVersionView(h.Version, h.ChangeId, h.DecisionId, JsonColumn.Parse(h.Changes), h.Reason, h.ListSource, h.At)).ToList());
        }).WithSummary("Every version of the policy: the seed, then each change with the decision that made it");

        policy.MapPost("/changes", async (PolicyChangeDecisions.Propose body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var current = await session.Events.AggregateStreamAsync<LicencePolicy>(LicencePolicy.StreamId, token: http.RequestAborted)
                ?? throw new DomainRuleViolated("no-policy", "The licence policy has not been seeded yet; retry in a moment.");
            var changes = PolicyChangeDecisions.Changes(body, current, SpdxParser.Default);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var (id, ballotId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            var now = clock.GetUtcNow();
            var summary = string.Join(", ", changes.Select(c => $"{c.Key} → {c.To}"));
            var ballot = await OssBallots.Open(session, connection, ballotId, OssBallots.PolicyChange, id, $"Licence policy: {summary}",
                $"Should the licence policy change as follows: {summary}? Reason: {body.Reason!.Trim()}", body.Profile, body.ClosesAt,
                BallotRuleDecisions.Caller.Of(Actor.Of(http.User), body.OverrideReason), now, http.RequestAborted);
            session.Events.StartStream<PolicyChangeRequest>(id, new PolicyChangeProposed(id, ballot.BallotId, changes, body.Reason.Trim(), now));
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/licence-policy/changes/{id}", new PolicyChangeBallot(id, ballot.BallotId, changes, ballot.ClosesAt));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Propose a policy change; a policy-change ballot of the open-source committee decides (secretariat)");

        policy.MapGet("/changes", async (NpgsqlDataSource db, string? status, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ChangeRow>($"{ChangeColumns} where (@status::text is null or status = @status) order by proposed_at desc", new { status });
            return TypedResults.Ok(rows.Select(ChangeView).ToList());
        }).WithSummary("Policy change proposals (filter: status pending, approved, rejected)");

        policy.MapGet("/changes/{id:guid}", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var row = await connection.QuerySingleOrDefaultAsync<ChangeRow>($"{ChangeColumns} where change_id = @id", new { id })
                ?? throw new NotFound($"Policy change {id}");
            return TypedResults.Ok(ChangeView(row));
        }).WithSummary("One policy change proposal");
    }

    public sealed record CheckResult(string Expression, string? Normalized, bool Valid, string? Category, string? ApacheCategory, string? DecidingTerm,
        string Explanation, IReadOnlyList<TermVerdict> Terms, IReadOnlyList<SpdxIssue> Errors, IReadOnlyList<SpdxIssue> Warnings, long PolicyVersion, string SpdxList,
        string ExplanationLanguage, IReadOnlyList<LicencePart>? ExplanationParts);

    private const string ChangeColumns = """
        select change_id as ChangeId, ballot_id as BallotId, changes::text as Changes, reason, status, proposed_at as ProposedAt, decided_at as DecidedAt, decision_id as DecisionId
        from licence_policy_changes
        """;

    /// <summary>The policy in force; Unlisted: the category of any licence it does not name.</summary>
    public sealed record PolicyInForce(long Version, string SpdxList, string Unlisted, IReadOnlyList<PolicyRow> Entries);

    /// <summary>One version of the policy; Changes as the decision recorded them.</summary>
    public sealed record PolicyVersionView(long Version, Guid? ChangeId, Guid? DecisionId, JsonElement Changes, string Reason, string? ListSource, DateTime At);

    /// <summary>A proposed change and the ballot that decides it.</summary>
    public sealed record PolicyChangeBallot(Guid ChangeId, Guid BallotId, PolicyChange[] Changes, DateTimeOffset ClosesAt);

    public sealed record PolicyChangeView(Guid ChangeId, Guid BallotId, JsonElement Changes, string Reason, string Status, DateTime ProposedAt, DateTime? DecidedAt,
        Guid? DecisionId);

    private static PolicyChangeView ChangeView(ChangeRow c) => new(c.ChangeId, c.BallotId, JsonColumn.Parse(c.Changes), c.Reason, c.Status, c.ProposedAt, c.DecidedAt, c.DecisionId);

    public static Task<long> PolicyVersion(NpgsqlConnection db) => db.ExecuteScalarAsync<long>("select coalesce(max(version), 0) from licence_policy_history");
}
