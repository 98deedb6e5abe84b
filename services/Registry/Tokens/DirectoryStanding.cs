using Alliance.Hosting;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// Registry answers the token check from its own read models, written in the same transaction as the events: the
/// member directory (suspended, withdrawn, expelled) and the credentials (revoked). So a suspension or a revocation
/// refuses the member's open tokens here at once, without a round trip through the broker.
/// </summary>
public sealed class DirectoryStanding(NpgsqlDataSource db) : IMemberStanding
{
    public Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct) => MemberStandingQuery.Refuses(db, """
        select exists (select 1 from member_directory where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
            or exists (select 1 from client_credentials where client_id = $2 and revoked_at is not null)
        """, memberId, clientId, ct);
}
