using Alliance.Compatibility;
using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Products;
using Alliance.Hosting;
using JasperFx;
using Marten;
using Npgsql;

namespace Alliance.Bench;

/// <summary>
/// P7's synthetic certifications: real events of Compatibility's own types (a product registered, a certification
/// submitted and granted), appended into its event store with its own mappings and inline projections, so the
/// matrix rows are written by the same projection code as in service. Products and certifications are spread over
/// the vendors and the ratified K8S versions the import created, 28 certifications a product as in the real data.
/// </summary>
public static class SyntheticMatrix
{
    public const string Source = "synthetic-bench";
    private const int PerProduct = 28;
    private const int PerSession = 500;

    public static async Task<long> Certifications(NpgsqlDataSource db)
    {
        await using var count = db.CreateCommand("select count(*) from certifications");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every column of every row of the matrix and its grant counters, as one digest: equal before and after a rebuild.</summary>
    public static async Task<string> Fingerprint(NpgsqlDataSource db)
    {
        await using var digest = db.CreateCommand("""
            select (select md5(coalesce(string_agg(c::text, '|' order by c.certification_id), '')) from certifications c)
                || (select md5(coalesce(string_agg(d::text, '|' order by d.standard_code, d.version, d.day), '')) from matrix_grants_by_day d where d.n <> 0)
                || (select md5(coalesce(string_agg(d::text, '|' order by d.standard_code, d.day), '')) from matrix_grants_by_standard_day d where d.n <> 0)
            """);
        return (string)(await digest.ExecuteScalarAsync())!;
    }

    /// <summary>Appends certifications until the matrix holds <paramref name="target"/>; returns how many it appended.</summary>
    public static async Task<int> GrowTo(string connection, long target)
    {
        await using var db = NpgsqlDataSource.Create(connection);
        var missing = target - await Certifications(db);
        if (missing <= 0) return 0;
        var vendors = await Column<Guid>(db, "select member_id from vendors order by member_id");
        var versions = await Versions(db);
        await using var store = DocumentStore.For(opts =>
        {
            opts.Connection(connection);
            opts.AutoCreateSchemaObjects = AutoCreate.None;   // the service owns the schema
            EventStore.ApplyConventions(opts);
            CompatibilityModule.Configure(opts);
        });
        var random = new Random(7919);
        var (product, vendor, made) = (Guid.Empty, Guid.Empty, 0);
        while (made < missing)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = Source;
            for (var i = 0; i < PerSession && made < missing; i++, made++)
            {
                var now = DateTimeOffset.UtcNow;
                if (made % PerProduct == 0)
                {
                    (product, vendor) = (Guid.CreateVersion7(), vendors[random.Next(vendors.Count)]);
                    session.Events.StartStream<Product>(product, new ProductRegistered(product, vendor, $"Synthetic {made / PerProduct:00000}", null, "distribution", null, now));
                }
                var (version, _) = versions[random.Next(versions.Count)];
                // Granted within the last 300 days and valid for two years: none is due to expire while the
                // benchmark runs (a grant already past its end would set the expiry worker appending an event per
                // certification, each evicting the lookup cache, for as long as the measures run).
                var validFrom = now.AddDays(-random.Next(1, 300));
                var id = Guid.CreateVersion7();
                session.Events.StartStream<Certification>(id,
                    new CertificationSubmitted(id, product, vendor, $"1.{random.Next(40)}", "K8S", version, [], null, [], "bench", validFrom, Source),
                    new CertificationGranted(id, validFrom, validFrom.AddYears(2), "bench", validFrom, Source));
            }
            await session.SaveChangesAsync();
        }
        return made;
    }

    private static async Task<List<(string Version, DateTimeOffset RatifiedAt)>> Versions(NpgsqlDataSource db)
    {
        await using var query = db.CreateCommand("select version, ratified_at from standard_versions where code = 'K8S' and ratified_at is not null");
        await using var reader = await query.ExecuteReaderAsync();
        var versions = new List<(string, DateTimeOffset)>();
        while (await reader.ReadAsync()) versions.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        return versions;
    }

    private static async Task<List<T>> Column<T>(NpgsqlDataSource db, string sql)
    {
        await using var query = db.CreateCommand(sql);
        await using var reader = await query.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
