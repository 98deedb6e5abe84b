using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Alliance.Compatibility.Products;

/// <summary>/products: a vendor's representative registers its products; anyone reads them with their certifications.</summary>
public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProducts(this RouteGroupBuilder products)
    {
        products.MapPost("/{id:guid}/name", async (Guid id, RenameProduct body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Product>(http, id, "Product", p => [ProductDecisions.Rename(p, Actor.Of(http.User), body, clock.GetUtcNow())])).Events[0]))
            .RequireMemberOrSecretariat().WithSummary("Rename a product; the former names stay searchable (its vendor or the secretariat)");

        products.MapPost("/{id:guid}/transfer", async (Guid id, TransferProduct body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            // A historical transfer needs the new owner's standing as of its date, not today's.
            var status = body.EffectiveAt is { } at && body.ToVendorId is { } to
                ? await Vendors.VendorStanding.AsOf(connection, to, at)
                : await connection.ExecuteScalarAsync<string?>("""
                    select v.status from vendors v where v.member_id = @ToVendorId
                    """, body);
            return TypedResults.Ok((await StreamCommands.Run<Product>(http, id, "Product", p => [ProductDecisions.Transfer(p, body, status, clock.GetUtcNow())])).Events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Record that another member now owns the product (secretariat; effectiveAt and source in historical mode)");

        products.MapPost("/", async (RegisterProduct body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var status = await connection.ExecuteScalarAsync<string?>("""
                select v.status from vendors v where v.member_id = @VendorId
                """, body);
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Product>(id, ProductDecisions.Decide(id, body, Actor.Of(http.User), status, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/products/{id}", new NewProduct(id));
        }).RequireMemberOrSecretariat().WithSummary("Register a product of the caller's member (or any, for the secretariat)");

        products.MapGet("/", async (NpgsqlDataSource db, Guid? vendor, string? name, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<ProductSummary>("""
                select product_id as "productId", vendor_id as "vendorId", name, name_zh as "nameZh", type from products
                where (@vendor::uuid is null or vendor_id = @vendor) and (@name::text is null or lower(name) = lower(@name) or lower(name_zh) = lower(@name))
                order by registered_at, product_id limit 500
                """, new { vendor, name });
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("Products by vendor and exact name (either language; at most 500)");

        products.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var product = await connection.QuerySingleOrDefaultAsync<ProductHeader>("""
                select p.product_id as "productId", p.vendor_id as "vendorId", v.name as "vendorName", p.name, p.name_zh as "nameZh",
                       p.former_names as "formerNames", p.type, p.website
                from products p left join vendors v on v.member_id = p.vendor_id where p.product_id = @id
                """, new { id }) ?? throw new NotFound($"Product {id}");
            var certifications = await connection.QueryAsync<ProductCertificationRow>("""
                select c.certification_id as "certificationId", c.standard_code as "standard", c.version, c.product_version as "productVersion", c.status,
                       c.valid_from as "validFrom", c.valid_until as "validUntil", c.ended_at as "endedAt", c.checks_failed::text as "checksFailedJson"
                from certifications c where c.product_id = @id order by c.submitted_at
                """, new { id });
            // Beside its certifications, its measured results that are or were public, with their review state.
            var evaluations = await connection.QueryAsync<ProductEvaluation>("""
                select result_id as "resultId", standard_code as "standard", version, benchmark, scenario, division, category, score, unit,
                       higher_is_better as "higherIsBetter", case when withdrawn_at is not null then 'withdrawn' else 'published' end as status,
                       reviewed_by as "reviewedBy", published_at as "publishedAt", withdrawn_at as "withdrawnAt"
                from evaluation_results where product_id = @id and published_at is not null order by result_id, benchmark, scenario
                """, new { id });
            // jsonb comes back as text: hand it on as JSON, not as a string holding JSON.
            return TypedResults.Ok(new ProductDetail(product, evaluations.ToList(), certifications.Select(c => new ProductCertification(
                c.CertificationId, c.Standard, c.Version, c.ProductVersion, c.Status, c.ValidFrom, c.ValidUntil, c.EndedAt, JsonColumn.Parse(c.ChecksFailedJson))).ToList()));
        }).WithSummary("A product with every certification");

        products.MapHistory("product");
        return products;
    }
}
