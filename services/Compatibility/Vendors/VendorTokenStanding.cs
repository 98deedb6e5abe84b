using Alliance.Hosting;
using Alliance.Membership;
using Npgsql;

namespace Alliance.Compatibility.Vendors;

/// <summary>Compatibility answers the token check from its vendor directory (standing) and the revoked clients.</summary>
public sealed class VendorTokenStanding(NpgsqlDataSource db) : IMemberStanding
{
    public Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct) => MemberStandingQuery.Refuses(db, $"""
        select exists (select 1 from vendors where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
            or {RevokedClients.IsRevoked}
        """, memberId, clientId, ct);
}
