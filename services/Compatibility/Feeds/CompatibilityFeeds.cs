using System.Globalization;
using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Standards;
using Alliance.Hosting;
using Dapper;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Alliance.Compatibility.Feeds;

/// <summary>
/// Public Atom feeds beside the decisions feed: a product's certification changes, a standard's versions, and the
/// certifications that expire within the next days (30 by default, by the service's clock). Entry ids are the events'
/// ids (urn:uuid), or derived from what the entry is about; links are absolute (PublicUrl): the Portal's pages.
/// </summary>
public static class CompatibilityFeeds
{
    private const int Latest = 50;

    private static readonly Dictionary<string, Type> CertificationTypes =
        CertificationEvents.All.Events.ToDictionary(e => e.StoredName, e => e.Type);

    private sealed record CertificationRow(Guid CertificationId, string ProductVersion, string StandardCode, string Version, string Status,
        DateTime? EndedAt, string? EndReason);

    private sealed record ProductRow(string Name, DateTime RegisteredAt);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{id:guid}/certifications.atom", async (Guid id, NpgsqlDataSource db, IDocumentStore store, IConfiguration config, HttpContext http) =>
        {
            var ct = http.RequestAborted;
            await using var connection = await db.OpenConnectionAsync(ct);
            var product = await connection.QuerySingleOrDefaultAsync<ProductRow>(
                "select name as Name, registered_at as RegisteredAt from products where product_id = @id", new { id }) ?? throw new NotFound($"Product {id}");
            var certifications = (await connection.QueryAsync<CertificationRow>("""
                select certification_id as CertificationId, product_version as ProductVersion, standard_code as StandardCode, version, status,
                       ended_at as EndedAt, end_reason as EndReason
                from certifications where product_id = @id
                """, new { id })).ToDictionary(c => c.CertificationId);
            var page = $"{PublicUrl.Of(config)}/products/{id}";
            var entries = new List<AtomEntry>();
            var serializer = ((StoreOptions)store.Options).Serializer();
            await using (var scan = new NpgsqlCommand("""
                select id, stream_id, timestamp, type, data from mt_events where stream_id = any(@streams) and type = any(@types) order by seq_id desc limit @limit
                """, connection))
            {
                scan.Parameters.AddWithValue("streams", certifications.Keys.ToArray());
                scan.Parameters.AddWithValue("types", CertificationTypes.Keys.ToArray());
                scan.Parameters.AddWithValue("limit", Latest);
                await using var reader = await scan.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var c = certifications[reader.GetGuid(1)];
                    var recorded = reader.GetFieldValue<DateTimeOffset>(2);
                    var data = serializer.FromJson(CertificationTypes[reader.GetString(3)], reader, 4);
                    entries.Add(CertificationEntry(reader.GetGuid(0), product.Name, c, data, recorded, page));
                }
            }
            // A withdrawn version ends its certifications on the standard's stream, not theirs: one entry per certification it ended.
            entries.AddRange(certifications.Values.Where(c => c.EndReason == "withdrawn" && c.EndedAt is not null).Select(c =>
            {
                var at = new DateTimeOffset(c.EndedAt!.Value, TimeSpan.Zero);
                return new AtomEntry(AtomFeed.Derived($"certification/{c.CertificationId}/withdrawn"), $"{Subject(product.Name, c)}: ended, the version was withdrawn",
                    at, at, page, $"{c.StandardCode} {c.Version} was withdrawn by decision; the certification ended with it.");
            }));
            entries = [.. entries.OrderByDescending(e => e.Updated).Take(Latest)];
            var updated = entries.Count > 0 ? entries[0].Updated : new DateTimeOffset(product.RegisteredAt, TimeSpan.Zero);
            return Results.Bytes(AtomFeed.Write(AtomFeed.Derived($"product/{id}/certifications"), $"{product.Name}: certifications",
                $"{PublicUrl.Api(config)}/products/{id}/certifications.atom", page, updated, entries), AtomFeed.ContentType);
        }).WithTags("Products").WithSummary("The product's certification changes (the latest 50) as an Atom feed");

        app.MapGet("/standards/{code}/versions.atom", async (string code, NpgsqlDataSource db, IQuerySession session, IConfiguration config, HttpContext http) =>
        {
            var id = await StandardEndpoints.IdOf(db, code, http.RequestAborted);
            var events = await session.Events.FetchStreamAsync(id, token: http.RequestAborted);
            var page = $"{PublicUrl.Of(config)}/standards/{Uri.EscapeDataString(code)}";
            var entries = VersionEntries(events, page).OrderByDescending(e => e.Updated).Take(Latest).ToList();
            var updated = entries.Count > 0 ? entries[0].Updated : events[0].Timestamp;
            var title = events[0].Data is StandardCreated created ? created.Title : code;
            return Results.Bytes(AtomFeed.Write(AtomFeed.Derived($"standard/{code}/versions"), $"{code} {title}: versions",
                $"{PublicUrl.Api(config)}/standards/{Uri.EscapeDataString(code)}/versions.atom", page, updated, entries), AtomFeed.ContentType);
        }).WithTags("Standards").WithSummary("The standard's versions: proposed, put to ballot, ratified, superseded, rejected, withdrawn (the latest 50) as an Atom feed");

        app.MapGet("/certifications/expiring.atom", async (int? days, NpgsqlDataSource db, TimeProvider clock, IConfiguration config, HttpContext http) =>
        {
            var window = days ?? 30;
            if (window is < 1 or > 365) throw new ValidationFailed(new Dictionary<string, string[]> { ["days"] = ["'days' is between 1 and 365."] });
            var now = clock.GetUtcNow();
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = await connection.QueryAsync<(Guid CertificationId, Guid ProductId, string ProductName, string ProductVersion, string StandardCode, string Version,
                DateTime? ValidFrom, DateTime ValidUntil)>("""
                select c.certification_id, c.product_id, coalesce(p.name, ''), c.product_version, c.standard_code, c.version, c.valid_from, c.valid_until
                from certifications c left join products p on p.product_id = c.product_id
                where c.status = 'certified' and c.valid_until > @now and c.valid_until <= @until
                order by c.valid_until, c.certification_id limit 500
                """, new { now, until = now.AddDays(window) });
            var site = PublicUrl.Of(config);
            var entries = rows.Select(r =>
            {
                var until = new DateTimeOffset(r.ValidUntil, TimeSpan.Zero);
                // It joined the feed when it came within the window (not before its grant).
                var since = until.AddDays(-window);
                if (r.ValidFrom is { } from && from > since.UtcDateTime) since = new DateTimeOffset(from, TimeSpan.Zero);
                var date = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new AtomEntry(AtomFeed.Derived($"certification/{r.CertificationId}/expires/{until.UtcTicks}"),
                    $"{r.ProductName} {r.ProductVersion}: {r.StandardCode} {r.Version} expires on {date}", since, null, $"{site}/products/{r.ProductId}",
                    $"The certification {r.CertificationId} is valid until {until:O} unless renewed.");
            }).ToList();
            var updated = entries.Count > 0 ? entries.Max(e => e.Updated) : now;
            return Results.Bytes(AtomFeed.Write(AtomFeed.Derived($"certifications/expiring/{window}"), $"Certifications expiring within {window} days",
                $"{PublicUrl.Api(config)}/certifications/expiring.atom{(days is null ? "" : $"?days={window}")}", $"{site}/", updated, entries), AtomFeed.ContentType);
        }).WithTags("Certifications").WithSummary("Certifications that expire within the next 30 days (?days=1…365) as an Atom feed");
    }

    private static readonly Dictionary<Type, string> TypeNames = CertificationTypes.ToDictionary(p => p.Value, p => p.Key);

    private static string Subject(string product, CertificationRow c) => $"{product} {c.ProductVersion} — {c.StandardCode} {c.Version}";

    private static AtomEntry CertificationEntry(Guid eventId, string product, CertificationRow c, object data, DateTimeOffset recorded, string page)
    {
        var subject = Subject(product, c);
        var (what, summary) = data switch
        {
            CertificationSubmitted s when s.ChecksFailed.Length > 0 => ("submitted, automatic checks failed", string.Join("; ", s.ChecksFailed)),
            CertificationSubmitted => ("submitted for review", null),
            CertificationGranted g => ("certified", $"Valid from {g.ValidFrom:O}" + (g.ValidUntil is { } u ? $" until {u:O}." : ", with no end fixed yet.")),
            CertificationRejected r => ("rejected", string.Join("; ", r.Reasons)),
            CertificationRevoked r => ("revoked", r.Reason),
            CertificationExpired e => ("expired", $"Expired on {e.ExpiredAt:O}."),
            CertificationLapsed l => ("lapsed", l.Reason),
            CertificationValidityFixed f => ("end of validity fixed", $"Valid until {f.ValidUntil:O}: {f.Successor} was ratified on {f.SuccessorRatifiedAt:O}."),
            NonConformanceNoticed n => ("notice of non-conformance", $"{n.Reason} To be cured by {n.CureBy:O}."),
            NonConformanceCured n => ("non-conformance cured", $"Evidence: {n.EvidenceUrl}"),
            _ => (TypeNames.GetValueOrDefault(data.GetType(), data.GetType().Name), (string?)null),
        };
        return new AtomEntry(eventId, $"{subject}: {what}", recorded, EventCatalog.OccurredAt(data), page, summary);
    }

    /// <summary>The version entries of a standard's stream; a ratification that supersedes an earlier ratified version is one more entry.</summary>
    private static IEnumerable<AtomEntry> VersionEntries(IReadOnlyList<IEvent> events, string page)
    {
        var code = (events[0].Data as StandardCreated)?.Code ?? "";
        var ratified = new Dictionary<string, DateTimeOffset>();
        foreach (var e in events)
        {
            var (version, what, summary) = e.Data switch
            {
                StandardVersionProposed p => (p.Version, "proposed", $"{p.Requirements.Length} requirement(s)."),
                StandardVersionRatificationRequested r => (r.Version, "put to ballot for ratification", null),
                StandardVersionRatified r => (r.Version, "ratified", r.Source is null ? $"Ratified on {r.RatifiedAt:O} by decision {r.DecisionId}." : $"Ratified on {r.RatifiedAt:O} (recorded from {r.Source})."),
                StandardVersionRejected r => (r.Version, "rejected", r.Outcome),
                StandardVersionRatificationRequestRefused r => (r.Version, "ratification ballot refused", r.Reason),
                StandardVersionWithdrawalRequested w => (w.Version, "put to ballot for withdrawal", w.Reason),
                StandardVersionWithdrawalRequestRefused w => (w.Version, "withdrawal ballot refused", w.Reason),
                StandardVersionWithdrawn w => (w.Version, "withdrawn", $"Withdrawn on {w.WithdrawnAt:O} by decision {w.DecisionId}; its certifications ended."),
                _ => ((string?)null, "", (string?)null),
            };
            if (version is null) continue;
            if (e.Data is StandardVersionWithdrawn) ratified.Remove(version);
            var occurred = EventCatalog.OccurredAt(e.Data);
            yield return new AtomEntry(e.Id, $"{code} {version}: {what}", e.Timestamp, occurred, page, summary);
            if (e.Data is not StandardVersionRatified ratification) continue;
            // The newest ratified version supersedes the earlier ones (as GET /standards/{code} shows them).
            foreach (var older in ratified.Where(o => o.Value < ratification.RatifiedAt && o.Key != version).Select(o => o.Key).ToList())
            {
                yield return new AtomEntry(AtomFeed.Derived($"standard/{code}/{older}/superseded-by/{version}"), $"{code} {older}: superseded by {version}",
                    e.Timestamp, ratification.RatifiedAt, page, $"{code} {version} was ratified on {ratification.RatifiedAt:O}.");
                ratified.Remove(older);
            }
            if (!ratified.Values.Any(at => at > ratification.RatifiedAt)) ratified[version] = ratification.RatifiedAt;
        }
    }
}
