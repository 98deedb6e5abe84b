using Alliance.Hosting;
using Alliance.Registry.Tokens;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>/members: applications, admission, suspension, lifecycle, erasure, and the directory (credentials: MemberCredentialEndpoints).</summary>
public static class MemberEndpoints
{
    public static void Map(RouteGroupBuilder members)
    {
        // Anyone may apply; the secretariat admits later.
        members.MapPost("/applications", async (ApplicationRequest body, IDocumentSession session, PersonalData personal, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if ((body.EffectiveAt is not null || body.Source is not null) && !Actor.Of(http.User).IsSecretariat)
                throw new Forbidden("Only the secretariat records historical applications (effectiveAt, source).");
            var memberId = Guid.CreateVersion7();
            var applied = MemberDecisions.Apply(memberId, body, clock.GetUtcNow());
            // The contact e-mail is stored sealed under the member's own key: erasure deletes the key (see /erasure below).
            // The member is new, so is the key: it commits with the stream, in the same transaction.
            session.Events.StartStream<Member>(memberId, applied with { ContactEmail = personal.SealForNewSubject(session, memberId, applied.ContactEmail)! });
            await session.SaveChangesAsync(ct);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/members/{memberId}", new ApplicationReceived(memberId, "applied"));
        })
        .WithSummary("Apply for membership")
        .ProducesValidationProblem();

        members.MapPost("/{id:guid}/admission", async (Guid id, AdmissionRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", m => [MemberDecisions.Admit(m, body, clock.GetUtcNow())]);
            return TypedResults.Ok(new MemberAdmission(id, "admitted", ((MemberAdmitted)events[0]).Tier));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Admit an applicant as a member (secretariat)")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        // One row of the member directory; ETag = the stream version.
        members.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, PersonalData personal, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var member = (await connection.QuerySingleOrDefaultAsync<MemberDirectoryQuery.MemberRow>(
                $"select {MemberDirectoryQuery.Columns} from member_directory where member_id = @id", new { id }))?.View
                ?? throw new NotFound($"Member {id}");
            StreamHttp.SetETag(http, member.Version);
            return TypedResults.Ok((await MemberDirectoryQuery.Opened(personal, [member.For(Actor.Of(http.User))], http.RequestAborted))[0]);
        })
        .WithSummary("One member")
        .ProducesProblem(StatusCodes.Status404NotFound);

        // The directory, filtered by status, kind, tier, country and q (current English or Chinese name, or a former name), paged in a stable order.
        members.MapGet("/", async (NpgsqlDataSource db, PersonalData personal, HttpContext http, string? status, string? kind, string? tier, string? country, string? q,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@status::text is null or status = @status) and (@kind::text is null or kind = @kind)
                  and (@tier::text is null or tier = @tier) and (@country::text is null or country = @country)
                  and (@q::text is null or name ilike '%' || @q || '%' or name_zh ilike '%' || @q || '%'
                       or exists (select 1 from unnest(former_names) f where f ilike '%' || @q || '%'))
                """;
            var args = new { status, kind, tier, country, q, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from member_directory {where}", args);
            var items = await connection.QueryAsync<MemberDirectoryQuery.MemberRow>(
                $"select {MemberDirectoryQuery.Columns} from member_directory {where} order by applied_at, member_id limit @Limit offset @Offset", args);
            var actor = Actor.Of(http.User);
            return TypedResults.Ok(paging.Of(await MemberDirectoryQuery.Opened(personal, items.Select(m => m.View.For(actor)), ct), total));
        })
        .WithSummary("The member directory");

        // Suspension revokes every credential of the member at once, in the transaction of the event.
        members.MapPost("/{id:guid}/suspension", async (Guid id, SuspensionRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", (m, session) =>
            {
                var suspended = MemberDecisions.Suspend(m, body, clock.GetUtcNow());
                ClientCredentials.QueueAllRevoked(session, id);
                return Task.FromResult<object[]>([suspended]);
            });
            return TypedResults.Ok(new MemberSuspension(id, "suspended", ((MemberSuspended)events[0]).RevokedClientIds));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Suspend a member and revoke all its credentials (secretariat)");

        members.MapPost("/{id:guid}/reinstatement", async (Guid id, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<Member>(http, id, "Member", m => [MemberDecisions.Reinstate(m, clock.GetUtcNow())]);
            return TypedResults.Ok(new MemberStanding(id, "admitted"));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Reinstate a suspended member (secretariat); its credentials stay revoked");

        members.MapPost("/{id:guid}/tier", async (Guid id, TierRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", m => [MemberDecisions.ChangeTier(m, body, clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Change a member's tier (secretariat)");

        members.MapPost("/{id:guid}/name", async (Guid id, RenameRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member", m => [MemberDecisions.Rename(m, Actor.Of(http.User), body, clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization().WithSummary("Rename a member; former names stay searchable (secretariat or the member's admin)");

        members.MapPost("/{id:guid}/withdrawal", async (Guid id, ReasonRequest? body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var now = clock.GetUtcNow();
            await StreamCommands.Run<Member>(http, id, "Member", async (m, session) =>
            {
                var withdrew = MemberDecisions.Withdraw(m, Actor.Of(http.User), body ?? new(null), now);
                await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
                await MemberDeparture.LeaveProjects(session, connection, id, "member-withdrew", now, http.RequestAborted);
                return [withdrew];
            });
            return TypedResults.Ok(new MemberStanding(id, "withdrawn"));
        }).RequireAuthorization(Policies.Member).WithSummary("The member withdraws from the alliance (its admin); final");

        members.MapPost("/{id:guid}/expulsion-requests", async (Guid id, ReasonRequest body, TimeProvider clock, HttpContext http) =>
        {
            var (_, events) = await StreamCommands.Run<Member>(http, id, "Member",
                m => [MemberDecisions.RequestExpulsion(m, Actor.Of(http.User), body, Guid.NewGuid(), clock.GetUtcNow())]);
            var requested = (MemberExpulsionRequested)events[0];
            return TypedResults.Accepted($"{http.Request.PathBase}/members/{id}", new MemberBallotRequest(id, requested.RequestId, "under-ballot"));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Ask for a member-expulsion ballot (secretariat)");

        // Secretariat, after verifying the request: crypto-shredding. The contact e-mail is stored sealed under the member's own
        // key (PersonalData); erasure deletes that key, so every event, the directory and the history read "[erased]" without any
        // event being rewritten. Only a legacy e-mail, stored in clear before sealing existed, is still masked in place in the stored
        // events (MembersModule's masking rule; old row versions, WAL and backups keep such a value). The erasure is itself an event
        // naming the fields, not their values; names of organisations, decisions and certifications stay intact.
        members.MapPost("/{id:guid}/erasure", async (Guid id, ErasureRequest body, IDocumentStore store, PersonalData personal, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<Member>(http, id, "Member", m => MemberDecisions.Erase(m, body, clock.GetUtcNow()) is { } erased ? [erased] : []);
            // After the event: a retry (the key deleted, the masking not yet run) does the rest again.
            await personal.Erase(id, http.RequestAborted);
            await store.Advanced.ApplyEventDataMasking(m => m.IncludeStream(id), http.RequestAborted);
            return TypedResults.Ok(new MemberErasure(id, MemberDecisions.PersonalFields));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Erase the member's personal data (secretariat)");

        members.MapHistory("member", MemberDecisions.PersonalFields, (actor, id, _) => actor.MaySeePrivateDataOf(id));
    }
}
