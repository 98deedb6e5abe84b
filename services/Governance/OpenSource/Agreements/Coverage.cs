using Alliance.Governance.OpenSource.Projects;
using Dapper;
using Npgsql;

namespace Alliance.Governance.OpenSource.Agreements;

/// <summary>Which agreements in force cover a contributor: an individual CLA by handle, a corporate CLA by handle or e-mail domain.</summary>
public static class Coverage
{
    public sealed record Cover(Guid AgreementId, string Kind, string? MemberName, string MatchedBy, DateTime SignedAt);

    public static async Task<IReadOnlyList<Cover>> Of(NpgsqlConnection db, string handle, string? emailDomain) =>
        (await db.QueryAsync<Cover>("""
            select a.agreement_id as AgreementId, a.kind, a.member_name as MemberName, c.kind as MatchedBy, a.signed_at as SignedAt
            from cla_authorisations c join contributor_agreements a on a.agreement_id = c.agreement_id
            where a.status = 'active' and ((c.kind = 'handle' and c.value = @handle) or (c.kind = 'domain' and c.value = @emailDomain))
            order by a.signed_at, a.agreement_id
            """, new { handle = handle.TrimStart('@').ToLowerInvariant(), emailDomain = emailDomain?.ToLowerInvariant() })).ToList();

    /// <summary>Handles (lower-cased) of these maintainers that some agreement in force covers by handle.</summary>
    public static async Task<Func<Maintainer, bool>> Covered(NpgsqlConnection db, IEnumerable<Maintainer> maintainers)
    {
        var handles = maintainers.Select(m => m.Handle.ToLowerInvariant()).Distinct().ToArray();
        var covered = (await db.QueryAsync<string>("""
            select distinct c.value from cla_authorisations c join contributor_agreements a on a.agreement_id = c.agreement_id
            where a.status = 'active' and c.kind = 'handle' and c.value = any(@handles)
            """, new { handles })).ToHashSet();
        return m => covered.Contains(m.Handle.ToLowerInvariant());
    }
}
