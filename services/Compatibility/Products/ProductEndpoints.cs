using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Alliance.Compatibility.Products;

public sealed record RegisterProduct(Guid? VendorId, string? Name, string? NameZh, string? Type, string? Website);

/// <summary>EffectiveAt and Source: the secretariat's historical mode, as for submissions and grants.</summary>
public sealed record RenameProduct(string? Name, string? NameZh, DateTimeOffset? EffectiveAt = null, string? Source = null);

public sealed record TransferProduct(Guid? ToVendorId, DateTimeOffset? EffectiveAt = null, string? Source = null);

/// <summary>/products: a vendor's representative registers its products; anyone reads them with their certifications.</summary>
public static class ProductEndpoints
{
    public static ProductRegistered Decide(Guid id, RegisterProduct r, Actor actor, string? vendorStatus, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.VendorId is null) v.Add("vendorId", "'vendorId' is required.");
        if (string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.NameZh)) v.Add("name", "Give a 'name', a 'nameZh' or both.");
        if (r.Name is { Length: > 200 } || r.NameZh is { Length: > 200 }) v.Add("name", "Names have at most 200 characters.");
        v.OneOf("type", r.Type, Product.Types);
        v.HttpUrl("website", r.Website);
        v.ThrowIfInvalid();
        if (!actor.IsSecretariat) actor.MustActFor(r.VendorId!.Value);
        if (vendorStatus != "admitted") throw new DomainRuleViolated("vendor-not-in-good-standing", "Only admitted members in good standing register products.");
        return new ProductRegistered(id, r.VendorId!.Value, (r.Name ?? r.NameZh)!.Trim(), r.NameZh?.Trim(), r.Type!, r.Website, now);
    }

    public static ProductRenamed Rename(Product p, Actor actor, RenameProduct r, DateTimeOffset now)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(r.Name) && string.IsNullOrWhiteSpace(r.NameZh)) v.Add("name", "Give a 'name', a 'nameZh' or both.");
        if (r.Name is { Length: > 200 } || r.NameZh is { Length: > 200 }) v.Add("name", "Names have at most 200 characters.");
        Historical(v, r.EffectiveAt, r.Source, now);
        v.ThrowIfInvalid();
        if ((r.EffectiveAt is not null || r.Source is not null) && !actor.IsSecretariat) throw new Forbidden("Only the secretariat records historical renames.");
        if (!actor.IsSecretariat) actor.MustActFor(p.VendorId);
        var (name, nameZh) = ((r.Name ?? r.NameZh)!.Trim(), r.NameZh?.Trim() ?? p.NameZh);
        if (name == p.Name && nameZh == p.NameZh) throw new DomainRuleViolated("name-unchanged", "The product already has this name.");
        return new ProductRenamed(p.Id, p.Name, p.NameZh, name, nameZh, r.EffectiveAt ?? now, r.Source?.Trim());
    }

    public static ProductTransferred Transfer(Product p, TransferProduct r, string? toVendorStatus, DateTimeOffset now)
    {
        var v = new Validation();
        if (r.ToVendorId is null) v.Add("toVendorId", "'toVendorId' is required.");
        Historical(v, r.EffectiveAt, r.Source, now);
        v.ThrowIfInvalid();
        if (r.ToVendorId == p.VendorId) throw new DomainRuleViolated("same-vendor", "The product already belongs to this vendor.");
        if (toVendorStatus != "admitted")
            throw new DomainRuleViolated("vendor-not-in-good-standing", $"Products move only to admitted members in good standing; the vendor is {toVendorStatus ?? "unknown"} as of {r.EffectiveAt ?? now:yyyy-MM-dd}.");
        return new ProductTransferred(p.Id, p.VendorId, r.ToVendorId!.Value, r.EffectiveAt ?? now, r.Source?.Trim());
    }

    private static void Historical(Validation v, DateTimeOffset? effectiveAt, string? source, DateTimeOffset now)
    {
        if (effectiveAt > now) v.Add("effectiveAt", "'effectiveAt' cannot be in the future.");
        if (source is { Length: > 500 }) v.Add("source", "'source' has at most 500 characters.");
    }

    public static RouteGroupBuilder MapProducts(this RouteGroupBuilder products)
    {
        products.MapPost("/{id:guid}/name", async (Guid id, RenameProduct body, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Product>(http, id, "Product", p => [Rename(p, Actor.Of(http.User), body, clock.GetUtcNow())]))[0]))
            .RequireMemberOrSecretariat().WithSummary("Rename a product; the former names stay searchable (its vendor or the secretariat)");

        products.MapPost("/{id:guid}/transfer", async (Guid id, TransferProduct body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            // A historical transfer needs the new owner's standing as of its date, not today's.
            var status = body.EffectiveAt is { } at && body.ToVendorId is { } to
                ? await Vendors.VendorStanding.AsOf(connection, to, at)
                : await connection.ExecuteScalarAsync<string?>("""
                    select coalesce(s.status, v.status) from vendors v left join member_status s on s.member_id = v.member_id where v.member_id = @ToVendorId
                    """, body);
            return TypedResults.Ok((await StreamCommands.Run<Product>(http, id, "Product", p => [Transfer(p, body, status, clock.GetUtcNow())]))[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Record that another member now owns the product (secretariat; effectiveAt and source in historical mode)");

        products.MapPost("/", async (RegisterProduct body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var status = await connection.ExecuteScalarAsync<string?>("""
                select coalesce(s.status, v.status) from vendors v left join member_status s on s.member_id = v.member_id where v.member_id = @VendorId
                """, body);
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Product>(id, Decide(id, body, Actor.Of(http.User), status, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            return TypedResults.Created($"{http.Request.PathBase}/products/{id}", new { productId = id });
        }).RequireMemberOrSecretariat().WithSummary("Register a product of the caller's member (or any, for the secretariat)");

        products.MapGet("/", async (NpgsqlDataSource db, Guid? vendor, string? name, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync("""
                select product_id as "productId", vendor_id as "vendorId", name, name_zh as "nameZh", type from products
                where (@vendor::uuid is null or vendor_id = @vendor) and (@name::text is null or lower(name) = lower(@name) or lower(name_zh) = lower(@name))
                order by registered_at, product_id limit 500
                """, new { vendor, name });
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("Products by vendor and exact name (either language; at most 500)");

        products.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            var product = await connection.QuerySingleOrDefaultAsync("""
                select p.product_id as "productId", p.vendor_id as "vendorId", v.name as "vendorName", p.name, p.name_zh as "nameZh",
                       p.former_names as "formerNames", p.type, p.website
                from products p left join vendors v on v.member_id = p.vendor_id where p.product_id = @id
                """, new { id }) ?? throw new NotFound($"Product {id}");
            var certifications = await connection.QueryAsync("""
                select c.certification_id as "certificationId", c.standard_code as "standard", c.version, c.product_version as "productVersion", c.status,
                       c.valid_from as "validFrom", c.valid_until as "validUntil", c.ended_at as "endedAt", c.checks_failed::text as "checksFailedJson"
                from certifications c where c.product_id = @id order by c.submitted_at
                """, new { id });
            // jsonb comes back as text: hand it on as JSON, not as a string holding JSON.
            return TypedResults.Ok(new
            {
                product,
                certifications = certifications.Select(c => new
                {
                    c.certificationId,
                    c.standard,
                    c.version,
                    c.productVersion,
                    c.status,
                    c.validFrom,
                    c.validUntil,
                    c.endedAt,
                    checksFailed = JsonColumn.Parse((string)c.checksFailedJson),
                }).ToList(),
            });
        }).WithSummary("A product with every certification");

        products.MapHistory("product");
        return products;
    }
}

/// <summary>The products table, inline with the events.</summary>
public sealed partial class ProductProjection : EventProjection
{
    public static readonly ReadModelSchema Schema = new("products", """
        create table if not exists products (
            product_id uuid primary key,
            vendor_id uuid not null,
            name text not null,
            name_zh text,
            type text not null,
            website text,
            registered_at timestamptz not null);
        create index if not exists products_vendor on products (vendor_id);
        alter table products add column if not exists former_names text[] not null default '{}';
        """);

    public void Project(IEvent<ProductRegistered> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("insert into products (product_id, vendor_id, name, name_zh, type, website, registered_at) values (?, ?, ?, ?, ?, ?, ?)",
            e.Data.ProductId, e.Data.VendorId, e.Data.Name, (object?)e.Data.NameZh ?? DBNull.Value, e.Data.Type, (object?)e.Data.Website ?? DBNull.Value, e.Data.RegisteredAt);

    public void Project(IEvent<ProductRenamed> e, IDocumentOperations ops)
    {
        ops.QueueSqlCommand("""
            update products set name = ?, name_zh = ?, former_names = former_names || array_remove(array[?::text, ?::text], null) where product_id = ?
            """, e.Data.Name, (object?)e.Data.NameZh ?? DBNull.Value, e.Data.FormerName, (object?)e.Data.FormerNameZh ?? DBNull.Value, e.StreamId);
        // The matrix orders by the product's current name, kept beside each certification (MatrixOrder).
        ops.QueueSqlCommand("update certifications set product_name = ? where product_id = ?", e.Data.Name, e.StreamId);
    }

    public void Project(IEvent<ProductTransferred> e, IDocumentOperations ops) =>
        ops.QueueSqlCommand("update products set vendor_id = ? where product_id = ?", e.Data.ToVendorId, e.StreamId);
}
