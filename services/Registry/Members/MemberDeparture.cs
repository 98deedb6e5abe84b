using Alliance.Registry.Projects;
using Alliance.Registry.Tokens;
using Dapper;
using Marten;
using Npgsql;

namespace Alliance.Registry.Members;

/// <summary>What follows when a member leaves (withdraws or is expelled), in the transaction that records it.</summary>
public static class MemberDeparture
{
    /// <summary>A member that left leaves every active project, with an event on each project saying why, and its credentials are revoked.</summary>
    public static async Task LeaveProjects(IDocumentSession session, NpgsqlConnection db, Guid memberId, string why, DateTimeOffset now, CancellationToken ct)
    {
        var projects = await db.QueryAsync<Guid>(
            "select project_id from project_partners where member_id = @memberId and consent in ('lead', 'invited', 'accepted')", new { memberId });
        foreach (var projectId in projects)
        {
            var stream = await session.Events.FetchForWriting<Project>(projectId, ct);
            if (stream.Aggregate is { } p && ProjectDecisions.MemberGone(p, memberId, why, now) is { } left) stream.AppendOne(left);
        }
        ClientCredentials.QueueAllRevoked(session, memberId);
    }
}
