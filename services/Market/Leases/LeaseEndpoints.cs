using Alliance.Hosting;
using Alliance.Market.Offers;
using Alliance.Market.Requests;
using Alliance.Market.Sites;
using Alliance.Market.Traits;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Market.Leases;

/// <summary>Leases: the requester picks a candidate; either side ends it. Only the two sides and the secretariat read a lease.</summary>
public static class LeaseEndpoints
{
    public static RouteGroupBuilder MapLeases(this RouteGroupBuilder compute)
    {
        compute.MapPost("/requests/{id:guid}/leases", async (Guid id, CreateLease body, IQuerySession query, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            if (body.OfferId is not { } offerId)
                throw new ValidationFailed(new Dictionary<string, string[]> { ["offerId"] = ["'offerId' is required: one of GET /compute/requests/{id}/candidates."] });
            // The offer's site never changes: reading it before taking the site's turn is safe.
            var siteId = (await query.Events.AggregateStreamAsync<Offer>(offerId, token: http.RequestAborted) ?? throw new NotFound($"Offer {offerId}")).SiteId;
            var leaseId = Guid.CreateVersion7();
            // Traits come from Compatibility's messages, not from the site's stream: read them before taking the turn, so an
            // attempt waiting for the site holds one database connection, not two (100 waiting attempts exhausted the pool).
            TraitBook book;
            await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
                book = await TraitBook.Load(connection, clock.GetUtcNow(), http.RequestAborted);
            var decision = await SiteTurn.Run(http, siteId, async session =>
            {
                var ct = http.RequestAborted;
                var site = await session.Events.FetchForWriting<Site>(siteId, ct);
                var request = await session.Events.FetchForWriting<ComputeRequest>(id, ct);
                var offer = await session.Events.FetchForWriting<Offer>(offerId, ct);
                if (request.Aggregate is null || !Actor.Of(http.User).MaySeePrivateDataOf(request.Aggregate.MemberId)) throw new NotFound($"Request {id}");
                var now = clock.GetUtcNow();
                var traits = book.Of(offer.Aggregate!.ResourceClass, site.Aggregate!.SystemProductIds);
                var scores = book.ScoresOf(offer.Aggregate.ResourceClass, site.Aggregate.SystemProductIds);
                var d = LeaseDecisions.Create(site.Aggregate, request.Aggregate, offer.Aggregate, traits, scores, Actor.Of(http.User), leaseId, now);
                site.AppendOne(d.Lease);
                request.AppendOne(d.Request);
                if (d.Offer is not null) offer.AppendOne(d.Offer);
                return d;
            });
            return TypedResults.Created($"{http.Request.PathBase}/compute/leases/{leaseId}", decision.Lease);
        }).RequireMemberOrSecretariat().WithSummary("Lease a candidate offer for the request (its member); 409 with the rule when the units are gone");

        compute.MapPost("/leases/{id:guid}/closure", async (Guid id, CloseLease body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            var lease = await Row(db, id, http) ?? throw new NotFound($"Lease {id}");
            var closed = await SiteTurn.Run(http, lease.SiteId, async session =>
            {
                var ct = http.RequestAborted;
                var site = await session.Events.FetchForWriting<Site>(lease.SiteId, ct);
                var e = LeaseDecisions.Close(site.Aggregate!, id, body, Actor.Of(http.User), clock.GetUtcNow());
                site.AppendOne(e);
                await LeaseEnd.Follow(session, site.Aggregate!.Apply(e), e, ct);
                return e;
            });
            return TypedResults.Ok(closed);
        }).RequireMemberOrSecretariat().WithSummary("End a lease (the provider, the requester or the secretariat), with the usage as a record");

        compute.MapGet("/leases/{id:guid}", async (Guid id, NpgsqlDataSource db, HttpContext http) =>
        {
            var lease = await Row(db, id, http);
            var actor = Actor.Of(http.User);
            if (lease is null || !(actor.MaySeePrivateDataOf(lease.ProviderMemberId) || actor.MaySeePrivateDataOf(lease.RequesterMemberId)))
                throw new NotFound($"Lease {id}");
            return TypedResults.Ok(lease);
        }).RequireMemberOrSecretariat().WithSummary("One lease (either side or the secretariat)");

        compute.MapGet("/leases", async (NpgsqlDataSource db, bool? active, HttpContext http) =>
        {
            var actor = Actor.Of(http.User);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = await connection.QueryAsync<LeaseView>($"""
                select {Columns} from leases
                 where (@all or provider_member_id = @member or requester_member_id = @member) and (@active::boolean is null or (closed_at is null) = @active)
                 order by created_at desc limit 500
                """, new { all = actor.IsSecretariat, member = actor.MemberId ?? Guid.Empty, active });
            return TypedResults.Ok(rows.ToList());
        }).RequireMemberOrSecretariat().WithSummary("The leases the caller's member provides or holds (the secretariat: all; at most 500)");
        return compute;
    }

    private static async Task<LeaseView?> Row(NpgsqlDataSource db, Guid id, HttpContext http)
    {
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        return await connection.QuerySingleOrDefaultAsync<LeaseView>($"select {Columns} from leases where lease_id = @id", new { id });
    }

    private const string Columns = """
        lease_id as "leaseId", site_id as "siteId", offer_id as "offerId", request_id as "requestId", provider_member_id as "providerMemberId",
        requester_member_id as "requesterMemberId", resource_class as "resourceClass", units, price as "pricePerUnitHour", currency,
        starts_at as "startsAt", ends_at as "endsAt", created_at as "createdAt", closed_at as "closedAt", close_reason as "closeReason",
        usage_unit_hours as "usageUnitHours", at_risk_traits as "atRiskTraits"
        """;
}
