using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;

namespace Alliance.Compatibility.Products;

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
