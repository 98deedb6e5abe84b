using System.Text.Json;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Alliance.Compatibility.Certifications;

/// <summary>
/// The matrix rebuilt in one pass (docs/benchmarks.md, P4): every event the projection handles is read in order,
/// folded in memory into one row per certification with exactly the effect of the projection's statement for it
/// (the methods of MatrixProjection), and the rows are written with one binary COPY. Replayed statement by statement
/// it ran at 0.09 of a raw scan of the events, below what single-row statements allow. The inline projection stays
/// the definition; this fold must agree with it row for row, column for column (the bench compares every column of
/// every row before and after, and KubernetesImportTests compares the matrix before and after a rebuild).
/// </summary>
public sealed partial class MatrixProjection
{
    private sealed class Row
    {
        public Guid Id, Product, Vendor;
        public string ProductVersion = "", Standard = "", Version = "", Status = "", ChecksFailed = "[]";
        public DateTimeOffset SubmittedAt;
        public DateTimeOffset? ValidFrom, ValidUntil, NextRatifiedAt, EndedAt, CureBy;
        public string? EndReason, NoticeReason, Source, ProductName;
    }

    public async Task<long> Rebuild(NpgsqlConnection connection, IDocumentStore store, CancellationToken ct)
    {
        var options = (StoreOptions)store.Options;
        var events = (EventGraph)options.Events;
        var types = IncludedEventTypes.ToDictionary(t => events.EventMappingFor(t).EventTypeName);
        var serializer = options.Serializer();
        var names = new Dictionary<Guid, string>();
        await using (var products = new NpgsqlCommand("select product_id, name from products", connection))
        await using (var reader = await products.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) names[reader.GetGuid(0)] = reader.GetString(1);

        var rows = new Dictionary<Guid, Row>();
        var byVersion = new Dictionary<(string, string), List<Row>>();
        var read = 0L;
        await using (var scan = new NpgsqlCommand("select stream_id, type, data from mt_events where type = any(@types) order by seq_id", connection))
        {
            scan.Parameters.AddWithValue("types", types.Keys.ToArray());
            await using var reader = await scan.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                read++;
                var stream = reader.GetGuid(0);
                var data = serializer.FromJson(types[reader.GetString(1)], reader, 2);
                if (data is CertificationSubmitted s)
                {
                    var row = rows[s.CertificationId] = new Row
                    {
                        Id = s.CertificationId,
                        Product = s.ProductId,
                        Vendor = s.VendorId,
                        ProductVersion = s.ProductVersion,
                        Standard = s.StandardCode,
                        Version = s.Version,
                        Status = s.ChecksFailed.Length > 0 ? "checks-failed" : "submitted",
                        ChecksFailed = JsonSerializer.Serialize(s.ChecksFailed),
                        SubmittedAt = s.SubmittedAt,
                        Source = s.Source,
                        ProductName = names.GetValueOrDefault(s.ProductId),
                    };
                    if (!byVersion.TryGetValue((row.Standard, row.Version), out var list)) byVersion[(row.Standard, row.Version)] = list = [];
                    list.Add(row);
                }
                else if (data is StandardVersionWithdrawn w)
                {
                    foreach (var r in byVersion.GetValueOrDefault((w.Code, w.Version)) ?? [])
                        if (r.Status == "certified" && (r.ValidUntil is null || r.ValidUntil > w.WithdrawnAt))
                            (r.Status, r.EndedAt, r.EndReason) = ("withdrawn", w.WithdrawnAt, "withdrawn");
                }
                else if (rows.TryGetValue(stream, out var r)) Apply(r, data);
            }
        }

        await using (var copy = await connection.BeginBinaryImportAsync("""
            copy certifications (certification_id, product_id, vendor_id, product_version, standard_code, version, status, checks_failed, submitted_at,
                                 valid_from, valid_until, next_ratified_at, ended_at, end_reason, notice_reason, source, cure_by, product_name) from stdin (format binary)
            """, ct))
        {
            foreach (var r in rows.Values)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(r.Product, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(r.Vendor, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(r.ProductVersion, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Standard, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Version, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Status, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.ChecksFailed, NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(r.SubmittedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                foreach (var t in new[] { r.ValidFrom, r.ValidUntil, r.NextRatifiedAt, r.EndedAt })
                    await Nullable(copy, t?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await Nullable(copy, r.EndReason, NpgsqlDbType.Text, ct);
                await Nullable(copy, r.NoticeReason, NpgsqlDbType.Text, ct);
                await Nullable(copy, r.Source, NpgsqlDbType.Text, ct);
                await Nullable(copy, r.CureBy?.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await Nullable(copy, r.ProductName, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        return read;
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    // Each case is the statement of the Project method for the same event, applied to the row in memory.
    private static void Apply(Row r, object data)
    {
        switch (data)
        {
            case CertificationGranted g: (r.Status, r.ValidFrom, r.ValidUntil) = ("certified", g.ValidFrom, g.ValidUntil); break;
            case CertificationRejected: r.Status = "rejected"; break;
            case CertificationRevoked v: (r.Status, r.EndedAt, r.EndReason, r.CureBy) = ("revoked", v.RevokedAt, "revoked", null); break;
            case CertificationLapsed l: (r.Status, r.EndedAt, r.EndReason, r.CureBy) = ("lapsed", l.LapsedAt, "lapsed", null); break;
            case NonConformanceNoticed n: (r.NoticeReason, r.CureBy) = (n.Reason, n.CureBy); break;
            case NonConformanceCured: (r.NoticeReason, r.CureBy) = (null, null); break;
            case CertificationExpired x: (r.Status, r.EndedAt, r.EndReason) = ("expired", r.ValidUntil ?? x.ExpiredAt, "expired"); break;
            case CertificationValidityFixed f: (r.ValidUntil, r.NextRatifiedAt) = (f.ValidUntil, f.SuccessorRatifiedAt); break;
        }
    }
}
