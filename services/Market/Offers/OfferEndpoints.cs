using Alliance.Hosting;
using Alliance.Market.Sites;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Market.Offers;

/// <summary>/compute/offers: a site's owner offers a slice of its capacity; the offers are public (the market's shop window).</summary>
public static class OfferEndpoints
{
    public static RouteGroupBuilder MapOffers(this RouteGroupBuilder offers)
    {
        offers.MapPost("/", async (PublishOffer body, IDocumentSession session, TimeProvider clock, HttpContext http) =>
        {
            var site = body.SiteId is { } siteId ? await session.Events.AggregateStreamAsync<Site>(siteId, token: http.RequestAborted) : null;
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Offer>(id, OfferDecisions.Publish(id, body, site, Actor.Of(http.User), clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/compute/offers/{id}", new NewOffer(id));
        }).RequireMemberOrSecretariat().WithSummary("Offer a slice of a site's capacity at a price per unit-hour for a window (the site's owner)");

        offers.MapPost("/{id:guid}/withdrawal", async (Guid id, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<Offer>(http, id, "Offer", o => [OfferDecisions.Withdraw(o, Actor.Of(http.User), clock.GetUtcNow())])).Events[0]))
            .RequireMemberOrSecretariat().WithSummary("Withdraw an open offer (its owner)");

        offers.MapGet("/", async (NpgsqlDataSource db, string? status, string? resourceClass, string? region, Guid? site, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            await using var connection = await db.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<OfferListing>($"""
                select {Columns} from offers
                 where (@status::text is null or status = @status) and (@resourceClass::text is null or resource_class = @resourceClass)
                   and (@region::text is null or region = @region or region like @region || '-%') and (@site::uuid is null or site_id = @site)
                 order by published_at, offer_id limit @Limit offset @Offset
                """, new { status, resourceClass, region, site, paging.Limit, paging.Offset });
            return TypedResults.Ok(rows.ToList());
        }).WithSummary("Offers by status, resource class, region and site");

        offers.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, CancellationToken ct) =>
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            return TypedResults.Ok(await connection.QuerySingleOrDefaultAsync<OfferListing>($"select {Columns} from offers where offer_id = @id", new { id })
                ?? throw new NotFound($"Offer {id}"));
        }).WithSummary("One offer");

        offers.MapHistory("offer");
        return offers;
    }

    private const string Columns = """
        offer_id as "offerId", site_id as "siteId", member_id as "memberId", region, resource_class as "resourceClass", units,
        price as "pricePerUnitHour", currency, starts_at as "startsAt", ends_at as "endsAt", status, published_at as "publishedAt", changed_at as "changedAt"
        """;
}
