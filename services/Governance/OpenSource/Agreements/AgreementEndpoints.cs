using System.Text.Json;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>/contributor-agreements: corporate CLAs (by the secretariat or the member's admin) and individual CLAs (by the secretariat).</summary>
public static class AgreementEndpoints
{
    public sealed record AgreementRow(Guid AgreementId, string Kind, Guid? MemberId, string? MemberName, string? Signatory, string? Name, string Status,
        DateTime SignedAt, DateTime? TerminatedAt, long Version, string Handles, string Domains);

    private const string Select = """
        select a.agreement_id as AgreementId, a.kind, a.member_id as MemberId, a.member_name as MemberName, a.signatory, a.name, a.status,
               a.signed_at as SignedAt, a.terminated_at as TerminatedAt, a.version,
               coalesce((select json_agg(value order by value) from cla_authorisations c where c.agreement_id = a.agreement_id and c.kind = 'handle'), '[]')::text as Handles,
               coalesce((select json_agg(value order by value) from cla_authorisations c where c.agreement_id = a.agreement_id and c.kind = 'domain'), '[]')::text as Domains
        from contributor_agreements a
        """;

    // Signatories' names are stored sealed (OssPeople): opened here, "[erased]" once erased.
    public sealed record AgreementView(Guid AgreementId, string Kind, Guid? MemberId, string? MemberName, string? Signatory, string? Name, string Status,
        DateTime SignedAt, DateTime? TerminatedAt, long Version, string[] Handles, string[] Domains);

    public sealed record AgreementRecorded(Guid AgreementId, string Kind);

    private static AgreementView View(AgreementRow a, PersonalData.Opener opener) => new(a.AgreementId, a.Kind, a.MemberId, a.MemberName,
        opener.Open(a.Signatory), opener.Open(a.Name), a.Status, a.SignedAt, a.TerminatedAt, a.Version,
        JsonSerializer.Deserialize<string[]>(a.Handles)!, JsonSerializer.Deserialize<string[]>(a.Domains)!);

    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder group)
    {
        group.MapPost("/", async (AgreementDecisions.Sign body, IDocumentSession session, NpgsqlDataSource db, PersonalData personal, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var names = await OssMembers.Names(connection, [body.MemberId]);
            var id = Guid.CreateVersion7();
            var signed = AgreementDecisions.Decide(id, body, Actor.Of(http.User), body.MemberId is { } m ? names(m) : null, clock.GetUtcNow());
            var sealer = await personal.SealerFor(OssPeople.SubjectsOf(signed), http.RequestAborted);
            session.Events.StartStream<ContributorAgreement>(id, OssPeople.Sealed(signed, sealer));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/contributor-agreements/{id}", new AgreementRecorded(id, body.Kind!));
        }).RequireAuthorization().WithSummary("Record a signed CLA: corporate (secretariat or the member's admin) or individual (secretariat)");

        group.MapPut("/{id:guid}/authorised", async (Guid id, AgreementDecisions.Authorisations body, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<ContributorAgreement>(http, id, "Contributor agreement",
                a => [AgreementDecisions.Authorise(a, body, Actor.Of(http.User), clock.GetUtcNow())]);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Replace a corporate CLA's list of authorised handles and e-mail domains");

        group.MapPost("/{id:guid}/termination", async (Guid id, AgreementDecisions.Termination body, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<ContributorAgreement>(http, id, "Contributor agreement",
                a => [AgreementDecisions.Terminate(a, body, Actor.Of(http.User), clock.GetUtcNow())]);
            return TypedResults.NoContent();
        }).RequireAuthorization().WithSummary("Terminate an agreement: it covers nobody from now on");

        group.MapGet("/", async (NpgsqlDataSource db, PersonalData personal, Guid? member, string? handle, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            const string where = """
                where (@member::uuid is null or a.member_id = @member)
                  and (@handle::text is null or exists (select 1 from cla_authorisations c where c.agreement_id = a.agreement_id and c.kind = 'handle' and c.value = lower(@handle)))
                """;
            var args = new { member, handle, paging.Limit, paging.Offset };
            await using var connection = await db.OpenConnectionAsync(ct);
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from contributor_agreements a {where}", args);
            var rows = (await connection.QueryAsync<AgreementRow>($"{Select} {where} order by a.signed_at, a.agreement_id limit @Limit offset @Offset", args)).ToList();
            var opener = await personal.For(rows.SelectMany(r => new[] { r.Name, r.Signatory }), ct);
            return TypedResults.Ok(paging.Of(rows.Select(r => View(r, opener)).ToList(), total));
        }).WithSummary("Agreements on file (filters: member, handle)");

        group.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, PersonalData personal, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var row = await connection.QuerySingleOrDefaultAsync<AgreementRow>($"{Select} where a.agreement_id = @id", new { id })
                ?? throw new NotFound($"Contributor agreement {id}");
            StreamHttp.SetETag(http, row.Version);
            return TypedResults.Ok(View(row, await personal.For([row.Name, row.Signatory], http.RequestAborted)));
        }).WithSummary("One agreement with the handles and domains it covers");

        // The key is deleted after the event commits; a legacy clear-text name is rewritten in place (the event and the read model).
        group.MapPost("/{id:guid}/signatory-erasure", async (Guid id, AgreementDecisions.SignatoryErasureRequest body, PersonalData personal, NpgsqlDataSource db,
            TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<ContributorAgreement>(http, id, "Contributor agreement",
                a => [AgreementDecisions.EraseSignatory(a, body, Actor.Of(http.User), clock.GetUtcNow())]);
            await personal.Erase(id, http.RequestAborted);
            await LegacyClearText.EraseSignatory(db, id, http.RequestAborted);
            return TypedResults.Ok(new SignatoryErasure(id, ["signatory"]));
        })
        .RequireAuthorization(Policies.Secretariat)
        .WithSummary("Erase a corporate CLA signatory's name (secretariat)");

        group.MapHistory("contributor agreement");
        return group;
    }
}
