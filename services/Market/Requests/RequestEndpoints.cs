using System.Text.Json;
using Alliance.Hosting;
using Alliance.Market.Matching;
using Alliance.Market.Traits;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Market.Requests;

/// <summary>/compute/requests: a member says what it wants; only it (and the secretariat) sees the request and its candidates.</summary>
public static class RequestEndpoints
{
    public static RouteGroupBuilder MapRequests(this RouteGroupBuilder requests)
    {
        requests.MapPost("/", async (OpenRequest body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var status = await connection.ExecuteScalarAsync<string?>("select status from member_status where member_id = @MemberId", body);
            var id = Guid.CreateVersion7();
            session.Events.StartStream<ComputeRequest>(id, RequestDecisions.Decide(id, body, Actor.Of(http.User), status, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/compute/requests/{id}", new NewRequest(id));
        }).RequireMemberOrSecretariat().WithSummary("Ask for compute: a resource class and units, required traits and minimum evaluation scores, a maximum price, a window, preferred regions");

        requests.MapPost("/{id:guid}/withdrawal", async (Guid id, TimeProvider clock, HttpContext http) =>
            TypedResults.Ok((await StreamCommands.Run<ComputeRequest>(http, id, "Request", r => [RequestDecisions.Withdraw(r, Actor.Of(http.User), clock.GetUtcNow())])).Events[0]))
            .RequireMemberOrSecretariat().WithSummary("Withdraw an open request (its member)");

        requests.MapGet("/", async (NpgsqlDataSource db, string? status, int? page, int? pageSize, HttpContext http) =>
        {
            var paging = Paging.From(page, pageSize);
            var actor = Actor.Of(http.User);
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var rows = await connection.QueryAsync<RequestRow>($"""
                select {Columns} from requests where (@all or member_id = @member) and (@status::text is null or status = @status)
                 order by opened_at desc, request_id limit @Limit offset @Offset
                """, new { all = actor.IsSecretariat, member = actor.MemberId ?? Guid.Empty, status, paging.Limit, paging.Offset });
            // jsonb reads as its text: give it back as the scores it holds.
            return TypedResults.Ok(rows.Select(r => new RequestSummary(r.RequestId, r.MemberId, r.ResourceClass, r.Units, r.RequiredTraits,
                JsonSerializer.Deserialize<List<MinimumScore>>(r.MinimumScores, JsonSerializerOptions.Web) ?? [], r.MaxPricePerUnitHour, r.Currency, r.StartsAt, r.EndsAt,
                r.Regions, r.Status, r.LeaseId, r.OpenedAt, r.ChangedAt)).ToList());
        }).RequireMemberOrSecretariat().WithSummary("The caller's member's requests (the secretariat: every member's)");

        requests.MapGet("/{id:guid}", async (Guid id, IQuerySession session, HttpContext http) =>
            TypedResults.Ok(await Own(session, id, http))).RequireMemberOrSecretariat().WithSummary("One request (its member or the secretariat)");

        requests.MapGet("/{id:guid}/candidates", async (Guid id, int? page, int? pageSize, IQuerySession session, NpgsqlDataSource db, TraitBookCache traits,
            TimeProvider clock, HttpContext http) =>
        {
            var paging = Paging.From(page, pageSize);
            var request = await Own(session, id, http);
            // The database compares instants in whole microseconds: the Matcher is given the same ones (CandidateQuery).
            var now = CandidateQuery.Microseconds(clock.GetUtcNow());
            var asked = Want(request);
            var want = asked with { StartsAt = CandidateQuery.Microseconds(asked.StartsAt), EndsAt = CandidateQuery.Microseconds(asked.EndsAt) };
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var book = await traits.Get(connection, now, http.RequestAborted);
            var result = await CandidateQuery.Match(connection, book, want, now, http.RequestAborted);
            // Every candidate is matched and ordered (and every offer counted in Removed); only the page is written out.
            return TypedResults.Ok(new CandidateList(id, request.Status, result.Considered, result.Candidates.Count, paging.Page, paging.PageSize,
                result.Candidates.Skip(paging.Offset).Take(paging.Limit).Select(c => new CandidateView(c.Offer.OfferId, c.Offer.SiteId, c.Offer.MemberId, c.Offer.Region, c.Offer.ResourceClass,
                    c.Offer.PricePerUnitHour, c.Offer.Currency, c.Score, c.RegionRank, c.FreeUnits, c.Offer.Traits, new LeaseWindow(c.LeaseStartsAt, c.LeaseEndsAt))).ToList(),
                result.Removed, result.Why(request.ResourceClass)));
        }).RequireMemberOrSecretariat().WithSummary("The offers that match now, by price, evaluation score, region (page, pageSize: 50 a page; total: all of them); when none, how many offers each filter removed");

        return requests;
    }

    public static Want Want(ComputeRequest r) =>
        new(r.ResourceClass, r.Units, r.RequiredTraits, r.MaxPricePerUnitHour, r.Currency, r.StartsAt, r.EndsAt, r.Regions, r.MinimumScores);

    private static async Task<ComputeRequest> Own(IQuerySession session, Guid id, HttpContext http)
    {
        var request = await session.Events.AggregateStreamAsync<ComputeRequest>(id, token: http.RequestAborted) ?? throw new NotFound($"Request {id}");
        var actor = Actor.Of(http.User);
        // Another member's request is not shown, not even that it exists.
        if (!actor.MaySeePrivateDataOf(request.MemberId)) throw new NotFound($"Request {id}");
        return request;
    }

    private const string Columns = """
        request_id as "requestId", member_id as "memberId", resource_class as "resourceClass", units, required_traits as "requiredTraits",
        minimum_scores::text as "minimumScores", max_price as "maxPricePerUnitHour", currency, starts_at as "startsAt", ends_at as "endsAt", regions, status, lease_id as "leaseId",
        opened_at as "openedAt", changed_at as "changedAt"
        """;
}
