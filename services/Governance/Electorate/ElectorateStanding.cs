using Alliance.Hosting;
using Alliance.Membership;
using Npgsql;

namespace Alliance.Governance.Electorate;

/// <summary>Governance answers the token check from its electorate (standing) and the revoked clients.</summary>
public sealed class ElectorateStanding(NpgsqlDataSource db) : IMemberStanding
{
    public Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct) => MemberStandingQuery.Refuses(db, $"""
        select exists (select 1 from electorate where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
            or {RevokedClients.IsRevoked}
        """, memberId, clientId, ct);
}
