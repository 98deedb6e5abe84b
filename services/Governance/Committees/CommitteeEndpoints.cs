using Alliance.Hosting;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Governance.Committees;

/// <summary>/committees: the secretariat creates committees and assigns seats; anyone reads them.</summary>
public static class CommitteeEndpoints
{
    public sealed record CommitteeRow(Guid CommitteeId, string Name, string Purpose, string DefaultProfile, Guid? ChairMemberId, DateTime CreatedAt, long Version);

    public sealed record SeatRow(Guid MemberId, string MemberName, string Role, bool Binding, string? AffiliationGroup, DateTime AssignedAt);

    public static RouteGroupBuilder MapCommittees(this RouteGroupBuilder committees)
    {
        committees.MapPost("/", async (CommitteeDecisions.Create body, IDocumentSession session, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var chair = body.ChairMemberId is { } chairId ? await Standings.Of(connection, chairId) : null;
            var id = Guid.CreateVersion7();
            session.Events.StartStream<Committee>(id, CommitteeDecisions.Decide(id, body, chair, clock.GetUtcNow()));
            await session.SaveChangesAsync(http.RequestAborted);
            StreamHttp.SetETag(http, 1);
            return TypedResults.Created($"{http.Request.PathBase}/committees/{id}", new NewCommittee(id));
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Create a committee (secretariat)");

        committees.MapPost("/{id:guid}/seats", async (Guid id, CommitteeDecisions.AssignSeat body, NpgsqlDataSource db, TimeProvider clock, HttpContext http) =>
        {
            CommitteeDecisions.Standing? member;
            await using (var connection = await db.OpenConnectionAsync(http.RequestAborted))
                member = body.MemberId is { } memberId ? await Standings.Of(connection, memberId) : null;
            var (_, events) = await StreamCommands.Run<Committee>(http, id, "Committee", committee => [CommitteeDecisions.Decide(committee, body, member, clock.GetUtcNow())]);
            return TypedResults.Ok((SeatAssigned)events[0]);
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Assign or change a member's seat (secretariat)");

        committees.MapDelete("/{id:guid}/seats/{memberId:guid}", async (Guid id, Guid memberId, TimeProvider clock, HttpContext http) =>
        {
            await StreamCommands.Run<Committee>(http, id, "Committee", committee => [CommitteeDecisions.Remove(committee, memberId, clock.GetUtcNow())]);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Secretariat).WithSummary("Remove a seat (secretariat); open ballots keep their frozen electorate");

        committees.MapGet("/", async (NpgsqlDataSource db, string? purpose, int? page, int? pageSize, CancellationToken ct) =>
        {
            var paging = Paging.From(page, pageSize);
            await using var connection = await db.OpenConnectionAsync(ct);
            var args = new { purpose, paging.Limit, paging.Offset };
            const string where = "where (@purpose::text is null or purpose = @purpose)";
            var total = await connection.ExecuteScalarAsync<long>($"select count(*) from committees {where}", args);
            var rows = await connection.QueryAsync<CommitteeRow>($"""
                select committee_id as CommitteeId, name, purpose, default_profile as DefaultProfile, chair_member_id as ChairMemberId, created_at as CreatedAt, version
                from committees {where} order by created_at, committee_id limit @Limit offset @Offset
                """, args);
            return TypedResults.Ok(paging.Of(rows.ToList(), total));
        }).WithSummary("The committees");

        committees.MapGet("/{id:guid}", async (Guid id, NpgsqlDataSource db, HttpContext http) =>
        {
            await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
            var committee = await connection.QuerySingleOrDefaultAsync<CommitteeRow>("""
                select committee_id as CommitteeId, name, purpose, default_profile as DefaultProfile, chair_member_id as ChairMemberId, created_at as CreatedAt, version
                from committees where committee_id = @id
                """, new { id }) ?? throw new NotFound($"Committee {id}");
            var seats = await connection.QueryAsync<SeatRow>("""
                select member_id as MemberId, member_name as MemberName, role, binding, affiliation_group as AffiliationGroup, assigned_at as AssignedAt
                from committee_seats where committee_id = @id order by member_name, member_id
                """, new { id });
            StreamHttp.SetETag(http, committee.Version);
            return TypedResults.Ok(new CommitteeDetail(committee.CommitteeId, committee.Name, committee.Purpose, committee.DefaultProfile, committee.ChairMemberId,
                committee.CreatedAt, committee.Version, seats.ToList()));
        }).WithSummary("A committee with its seats");

        committees.MapHistory("committee");
        return committees;
    }
}
