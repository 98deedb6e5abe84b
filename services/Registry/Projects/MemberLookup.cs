using Dapper;
using Npgsql;

namespace Alliance.Registry.Projects;

/// <summary>The directory's view of the members a project command names, read before deciding.</summary>
public static class MemberLookup
{
    public static async Task<Func<Guid, ProjectDecisions.MemberInfo?>> For(NpgsqlDataSource db, IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToArray();
        await using var connection = await db.OpenConnectionAsync(ct);
        var found = (await connection.QueryAsync<ProjectDecisions.MemberInfo>(
            "select member_id as MemberId, status, kind from member_directory where member_id = any(@wanted)", new { wanted }))
            .ToDictionary(m => m.MemberId);
        return id => found.GetValueOrDefault(id);
    }
}
