using Alliance.Governance.OpenSource.Spdx;
using Dapper;
using Npgsql;

namespace Alliance.Governance.OpenSource.Licences;

/// <summary>The policy entries and approved exceptions an evaluation needs, read from the projection's tables.</summary>
public static class PolicyReads
{
    /// <summary>A lookup over the entries these expressions may consult (keys lower-cased).</summary>
    public static async Task<Func<string, PolicyEntry?>> Lookup(NpgsqlConnection db, IEnumerable<SpdxExpression> expressions)
    {
        var keys = expressions.SelectMany(PolicyEvaluation.KeysOf).Distinct().ToArray();
        if (keys.Length == 0) return _ => null;
        var rows = await db.QueryAsync<(string KeyLower, string Key, string Category, string? Note)>(
            "select key_lower, key, category, note from licence_policy where key_lower = any(@keys)", new { keys });
        var entries = rows.ToDictionary(r => r.KeyLower, r => new PolicyEntry(r.Key, r.Category, r.Note));
        return key => entries.GetValueOrDefault(key);
    }

    public static async Task<Verdict> Evaluate(NpgsqlConnection db, SpdxExpression expression) =>
        PolicyEvaluation.Evaluate(expression, await Lookup(db, [expression]));

    /// <summary>Approved exceptions that may apply to a release of this project: its own and the alliance-wide ones.</summary>
    public static async Task<IReadOnlyList<LicenceException>> ApprovedExceptions(NpgsqlConnection db, Guid projectId) =>
        (await db.QueryAsync<LicenceException>("""
            select exception_id as Id, ballot_id as BallotId, package, version, licence, project_id as RequestingProjectId, scope, status
            from licence_exceptions where status = 'approved' and (scope = 'alliance' or project_id = @projectId)
            """, new { projectId })).ToList();
}
