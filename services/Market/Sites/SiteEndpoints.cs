using Alliance.Hosting;
using Alliance.Market.Traits;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Market.Sites;

/// <summary>/compute/sites: a member registers its sites and keeps their inventories; anyone reads them with their derived traits.</summary>
public static class SiteEndpoints
{
    public static RouteGroupBuilder MapSites(this RouteGroupBuilder sites)
    {
        sites.MapPost("/", async (RegisterSite body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var status = await connection.ExecuteScalarAsync<string?>("select status from member_status where member_id = @MemberId", body);
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Site>(id, SiteDecisions.Register(id, body, actor, status, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/compute/sites/{id}", new NewSite(id));
        }).RequireMemberOrSecretariat().WithSummary("Register a site of the caller's member (the secretariat: of any admitted member)");

        sites.MapPut("/{id:guid}/inventory", async (Guid id, SetInventory body, TimeProvider clock, HttpContext http) =>
        {
            // Every inventory write names the version it was decided on: a stale one is 412, never a silent overwrite.
            if (StreamHttp.ExpectedVersion(http.Request) is null)
                throw new ValidationFailed(new Dictionary<string, string[]> { ["If-Match"] = ["Send If-Match with the site's ETag (GET /compute/sites/{id})."] });
            var (_, events) = await StreamCommands.Run<Site>(http, id, "Site", site => [SiteDecisions.Set(site, body, Actor.Of(http.User), clock.GetUtcNow())]);
            return TypedResults.Ok(events[0]);
        }).RequireMemberOrSecretariat().WithSummary("Replace a site's inventory (its owner; If-Match required)");

        sites.MapGet("/", async (NpgsqlDataSource db, Guid? member, string? region, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<SiteSummary>("""
                select site_id as "siteId", member_id as "memberId", name, region, operator, energy_source as "energySource", pue, registered_at as "registeredAt"
                  from sites where (@member::uuid is null or member_id = @member) and (@region::text is null or region = @region or region like @region || '-%')
                 order by registered_at, site_id limit @Limit offset @Offset
                """, new { member, region, paging.Limit, paging.Offset });
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("Sites by member and region (a country code includes its provinces)");

        sites.MapGet("/{id:guid}", async (Guid id, IQuerySession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var ct = http.RequestAborted;
            // The version first, then the site as of exactly that version: the ETag never names a newer state than the body shows.
            var version = (await session.Events.FetchStreamStateAsync(id, ct))?.Version ?? throw new NotFound($"Site {id}");
            var site = (await session.Events.AggregateStreamAsync<Site>(id, version, token: ct))!;
            await using var connection = await db.OpenConnectionAsync(ct);
            var traits = await TraitBook.Load(connection, clock.GetUtcNow(), ct);
            var info = await connection.QuerySingleAsync<SiteFacts>("select operator, energy_source as \"energySource\", pue from sites where site_id = @id", new { id });
            StreamHttp.SetETag(http, version);
            return TypedResults.Ok(new SiteDetail(site.Id, site.MemberId, site.Name, site.Region, info.Operator, info.EnergySource, info.Pue, version, site.SystemProductIds,
                site.Inventories.Select(i => new InventoryView(i.ResourceClass, i.Total, i.Reserved, i.MinUnit, i.MaxUnit, i.StepSize,
                    site.LeasedUnits(i.ResourceClass), site.FreeUnits(i.ResourceClass), traits.Of(i.ResourceClass, site.SystemProductIds),
                    traits.ScoresOf(i.ResourceClass, site.SystemProductIds).Values.OrderBy(e => e.Trait, StringComparer.Ordinal).ToList())).ToList(),
                traits.OfSite(site), traits.ScoresOfSite(site).Values.ToList()));
        }).WithSummary("A site: inventory with leased and free units, the traits derived from Compatibility and the best score of each EVAL trait (ETag: its version)");

        sites.MapHistory("site");
        return sites;
    }
}
