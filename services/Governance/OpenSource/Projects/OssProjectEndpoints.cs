using Alliance.Governance.Ballots;
using Alliance.Governance.OpenSource.Agreements;
using Alliance.Governance.OpenSource.Licences;
using Alliance.Governance.OpenSource.Spdx;
using Alliance.Hosting;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource.Projects;

/// <summary>
/// Commands on /oss-projects. A project is proposed by its sponsoring member (or the secretariat); its people,
/// evidence, releases and stage requests are recorded by the sponsor or the secretariat.
/// </summary>
public static class OssProjectEndpoints
{
    public static RouteGroupBuilder MapOssProjectCommands(this RouteGroupBuilder group)
    {
        group.MapPost("/", async (OssProjectDecisions.Propose body, IDocumentSession session, NpgsqlDataSource db, PersonalData personal, TimeProvider clock, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            if (!actor.IsSecretariat && body.SponsorMemberId is { } sponsor) actor.MustActFor(sponsor);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var names = await OssMembers.Names(connection, [body.SponsorMemberId, .. (body.Maintainers ?? []).Select(m => m?.AffiliationMemberId)]);
            var id = Guid.CreateVersion7();
            var proposed = OssProjectDecisions.Decide(id, body, names, SpdxParser.Default, clock.GetUtcNow());
            var sealer = await personal.SealerFor(OssPeople.SubjectsOf(proposed), http.RequestAborted);
            session.Events.StartStream<OssProject>(id, OssPeople.Sealed(proposed, sealer));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/oss-projects/{id}", new OssProjectProposal(id, Stages.Proposed, proposed.Licence));
        }).RequireAuthorization(Policies.Member).WithSummary("Propose a project for hosting (a member, as its sponsor)");

        group.MapPost("/{id:guid}/maintainers", (Guid id, OssProjectDecisions.MaintainerRequest body, HttpContext http) =>
            WithMembers(http, id, [body.AffiliationMemberId], (p, names, now) => OssProjectDecisions.Join(p, body, names, now), people: [body.Handle]))
            .RequireMemberOrSecretariat().WithSummary("A maintainer joins");

        group.MapDelete("/{id:guid}/maintainers/{handle}", (Guid id, string handle, HttpContext http) =>
            WithMembers(http, id, [], (p, _, now) => OssProjectDecisions.Retire(p, handle, now)))
            .RequireMemberOrSecretariat().WithSummary("A maintainer steps down and becomes emeritus");

        group.MapPut("/{id:guid}/maintainers/{handle}/affiliation", (Guid id, string handle, OssProjectDecisions.AffiliationRequest body, HttpContext http) =>
            WithMembers(http, id, [body.AffiliationMemberId], (p, names, now) => OssProjectDecisions.Affiliate(p, handle, body, names, now)))
            .RequireMemberOrSecretariat().WithSummary("A maintainer changes affiliation");

        group.MapPost("/{id:guid}/adopters", (Guid id, OssProjectDecisions.AdopterRequest body, HttpContext http) =>
            WithMembers(http, id, [], (p, _, now) => OssProjectDecisions.Adopter(p, body, now)))
            .RequireMemberOrSecretariat().WithSummary("Record an adopter");

        group.MapPost("/{id:guid}/security-reviews", (Guid id, OssProjectDecisions.SecurityReviewRequest body, HttpContext http) =>
            WithMembers(http, id, [], (p, _, now) => OssProjectDecisions.SecurityReview(p, body, now)))
            .RequireMemberOrSecretariat().WithSummary("Record a security review");

        group.MapPut("/{id:guid}/contributor-policy", (Guid id, OssProjectDecisions.ContributorPolicyRequest body, HttpContext http) =>
            WithMembers(http, id, [], (p, _, now) => OssProjectDecisions.ContributorPolicy(p, body, now)))
            .RequireMemberOrSecretariat().WithSummary("Set the project's contributor policy: DCO sign-off and/or a CLA");

        // Two streams in one transaction, the request on the project and the ballot that decides it, in the project's turn
        // (StreamCommands.Run appends to one stream only); If-Match, 404 and the ETag as Run answers them.
        group.MapPost("/{id:guid}/stage-changes", (Guid id, StageRequest body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
            StreamCommands.InTurn(http, id, async session =>
            {
                var (stream, project) = await session.FetchForWriting<OssProject>(id, http.Request, "Open-source project");
                OssProjectDecisions.MayManage(project, Actor.Of(http.User));
                await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
                var verdict = await PolicyReads.Evaluate(connection, SpdxParser.Default.Parse(project.Licence).Expression!);
                var covered = await Coverage.Covered(connection, project.Active);
                var now = clock.GetUtcNow();
                var ballotId = Guid.CreateVersion7();
                var requested = OssProjectDecisions.RequestStage(project, body.Stage, ballotId, verdict, covered, now);
                var ballot = await OssBallots.Open(session, connection, ballotId, OssBallots.StageChange, id, $"{project.Name}: {project.Stage} → {requested.To}",
                    $"Should {project.Name} move from {project.Stage} to {requested.To}?", body.Profile, body.ClosesAt, BallotRuleDecisions.Caller.Of(Actor.Of(http.User), body.OverrideReason), now, http.RequestAborted);
                await session.Append(stream, http, requested);
                return TypedResults.Created($"{http.Request.PathBase}/ballots/{ballotId}", new StageChangeBallot(ballotId, requested.From, requested.To, ballot.Profile, ballot.ClosesAt));
            }))
            .RequireMemberOrSecretariat().WithSummary("Ask the open-source committee to move the project (criteria are checked first; unmet ones are listed in the 409)");

        group.MapPost("/{id:guid}/releases", async (Guid id, ReleaseDecisions.Request body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var exceptions = await PolicyReads.ApprovedExceptions(connection, id);
            var parsed = (body.Dependencies ?? []).Select(d => d?.Licence).Append(body.Licence)
                .Select(l => SpdxParser.Default.Parse(l)).Where(p => p.Valid).Select(p => p.Expression!).ToList();
            var policy = await PolicyReads.Lookup(connection, parsed);
            var (_, events) = await StreamCommands.Run<OssProject>(http, id, "Open-source project", p =>
            {
                OssProjectDecisions.MayManage(p, Actor.Of(http.User));
                var (version, licence, dependencies) = ReleaseDecisions.Validate(p, body, SpdxParser.Default);
                return [ReleaseDecisions.Decide(p, version, licence, dependencies, SpdxParser.Default, policy, exceptions, clock.GetUtcNow())];
            });
            return events[0] switch
            {
                ReleaseApproved a => TypedResults.Created($"{http.Request.PathBase}/oss-projects/{id}/releases/{Uri.EscapeDataString(a.Version)}",
                    (object)new { status = "approved", a.Version, a.Licence, a.Notes, a.ExceptionsUsed, offending = Array.Empty<Offence>() }),
                ReleaseBlocked b => TypedResults.Created($"{http.Request.PathBase}/oss-projects/{id}/releases/{Uri.EscapeDataString(b.Version)}",
                    (object)new { status = "blocked", b.Version, b.Licence, notes = Array.Empty<string>(), exceptionsUsed = Array.Empty<Guid>(), b.Offending }),
                _ => throw new InvalidOperationException("A release check decides approved or blocked."),
            };
        }).RequireMemberOrSecretariat().WithSummary("Check a release's licences: ReleaseApproved, or ReleaseBlocked listing every offending dependency and why");

        return group;
    }

    public sealed record StageRequest(string? Stage, string? Profile, DateTimeOffset? ClosesAt, string? OverrideReason = null);

    /// <summary>people: the handles whose names the command may record; their keys are loaded first, so the decided
    /// event is stored sealed (OssPeople); the caller is answered in clear (the appended event, opened).</summary>
    private static async Task<IResult> WithMembers(HttpContext http, Guid id, Guid?[] memberIds, Func<OssProject, OssProjectDecisions.MemberName, DateTimeOffset, object> decide,
        string?[]? people = null)
    {
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var sealer = await http.RequestServices.GetRequiredService<PersonalData>().SealerFor(OssPeople.Subjects(people ?? []), http.RequestAborted);
        OssProjectDecisions.MemberName names;
        await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
            names = await OssMembers.Names(connection, memberIds);
        var (_, events) = await StreamCommands.Run<OssProject>(http, id, "Open-source project", p =>
        {
            OssProjectDecisions.MayManage(p, Actor.Of(http.User));
            return [OssPeople.Sealed(decide(p, names, clock.GetUtcNow()), sealer)];
        });
        return TypedResults.Ok(OssPeople.Opened(events[0], sealer.Opener()));
    }
}
