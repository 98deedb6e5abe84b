using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Certifications;

/// <summary>/certifications: vendors submit, reviewers grant or reject, the secretariat revokes.</summary>
public static class CertificationEndpoints
{
    public sealed record Reasons(string[]? Items);
    public sealed record WithEvidence(string? EvidenceUrl);

    public static RouteGroupBuilder MapCertifications(this RouteGroupBuilder certifications)
    {
        certifications.MapPost("/", async (CertificationDecisions.Submit body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            // The checks hold as of the submission's business time: today, or the secretariat's effectiveAt.
            var asOf = body.EffectiveAt ?? clock.GetUtcNow();
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var product = await connection.QuerySingleOrDefaultAsync<(Guid VendorId, string? Status)>("""
                select p.vendor_id, v.status from products p left join vendors v on v.member_id = p.vendor_id
                where p.product_id = @ProductId
                """, body);
            if (body.ProductId is not null && product.VendorId == Guid.Empty) throw new NotFound($"Product {body.ProductId}");
            var vendorStatus = body.EffectiveAt is null ? product.Status : await Vendors.VendorStanding.AsOf(connection, product.VendorId, asOf);
            var standardId = body.Standard is null ? null : await connection.ExecuteScalarAsync<Guid?>("select standard_id from standards where code = @Standard", body);
            var standard = standardId is { } sid ? await session.Events.AggregateStreamAsync<Standard>(sid, token: http.RequestAborted) : null;
            var held = (await connection.QueryAsync<(string Code, string Version)>("""
                select standard_code, version from certifications where product_id = @product and valid_from <= @asOf
                  and (ended_at is null or ended_at > @asOf) and (valid_until is null or valid_until > @asOf)
                """, new { product = body.ProductId, asOf })).ToList();
            var context = new CertificationDecisions.Context(product.VendorId, vendorStatus, standard,
                p => held.Any(h => h.Code == p.StandardCode && (p.Version is null || h.Version == p.Version)));
            var id = Guid.CreateVersion7();
            var submitted = CertificationDecisions.Decide(id, body, context, Actor.Of(http.User), clock.GetUtcNow());
            session.Events.StartStream<Certification>(id, submitted);
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/certifications/{id}", new
            {
                certificationId = id,
                status = submitted.ChecksFailed.Length > 0 ? "checks-failed" : "submitted",
                checksFailed = submitted.ChecksFailed,
            });
        }).RequireMemberOrSecretariat().WithSummary("Submit a certification; the automatic checks run at once");

        certifications.MapPost("/{id:guid}/grant", async (Guid id, CertificationDecisions.Historical? body, NpgsqlDataSource db, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var standard = await StandardOf(db, session, id, http.RequestAborted);
            var (_, events) = await StreamCommands.Run<Certification>(http, id, "Certification",
                c => [CertificationDecisions.Grant(c, Actor.Of(http.User), standard.Validity, clock.GetUtcNow(), body, standard)]);
            return TypedResults.Ok(events[0]);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = $"{Roles.Reviewer},{Roles.Secretariat}" })
          .WithSummary("Grant (a reviewer of another member; the secretariat in historical mode with effectiveAt and source)");

        certifications.MapGet("/", async (NpgsqlDataSource db, Guid? product, string? standard, string? version, string? productVersion, string? source, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<CertificationSummary>("""
                select certification_id as "certificationId", product_id as "productId", standard_code as "standard", version, product_version as "productVersion", status
                from certifications where (@product::uuid is null or product_id = @product) and (@standard::text is null or standard_code = @standard)
                  and (@version::text is null or version = @version) and (@productVersion::text is null or product_version = @productVersion)
                  and (@source::text is null or source = @source)
                order by submitted_at, certification_id limit 500
                """, new { product, standard, version, productVersion, source });
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("Certifications by product, standard, version and product version (at most 500)");

        certifications.MapPost("/{id:guid}/rejection", async (Guid id, Reasons body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Certification>(http, id, "Certification",
                c => [CertificationDecisions.Reject(c, Actor.Of(http.User), body.Items, clock.GetUtcNow())])).Events[0]))
            .RequireAuthorization(Policies.Reviewer).WithSummary("Reject with reasons (a reviewer of another member)");

        certifications.MapPost("/{id:guid}/revocation", async (Guid id, WithReason body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Certification>(http, id, "Certification",
                c => [CertificationDecisions.Revoke(c, body.Reason, clock.GetUtcNow())])).Events[0]))
            .RequireAuthorization(Policies.Secretariat).WithSummary("Revoke with a reason (secretariat)");

        certifications.MapPost("/{id:guid}/non-conformance", async (Guid id, CertificationDecisions.Notice body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Certification>(http, id, "Certification",
                c => [CertificationDecisions.Notify(c, Actor.Of(http.User), body, clock.GetUtcNow())])).Events[0]))
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = $"{Roles.Reviewer},{Roles.Secretariat}" })
            .WithSummary("Give notice of a non-conformance with a cure deadline (reviewer or secretariat)");

        certifications.MapPost("/{id:guid}/cure", async (Guid id, WithEvidence body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Certification>(http, id, "Certification",
                c => [CertificationDecisions.Cure(c, Actor.Of(http.User), body.EvidenceUrl, clock.GetUtcNow())])).Events[0]))
            .RequireMemberOrSecretariat().WithSummary("The vendor reports the non-conformance cured, with evidence");

        certifications.MapHistory("certification");
        return certifications;
    }

    /// <summary>The certification's standard with its rule (which never changes) and its versions' ratifications.</summary>
    private static async Task<Standard> StandardOf(NpgsqlDataSource db, IQuerySession session, Guid certification, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var id = await connection.ExecuteScalarAsync<Guid?>(
            "select s.standard_id from certifications c join standards s on s.code = c.standard_code where c.certification_id = @certification", new { certification })
            ?? throw new NotFound($"Certification {certification}");
        return await session.Events.AggregateStreamAsync<Standard>(id, token: ct) ?? throw new NotFound($"Certification {certification}");
    }
}
