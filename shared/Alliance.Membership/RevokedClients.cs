using System.Data;
using Alliance.Contracts.Registry;
using Alliance.Hosting;
using Dapper;

namespace Alliance.Membership;

/// <summary>The clients Registry revoked, as a service outside Registry keeps them: their open tokens are refused.</summary>
public static class RevokedClients
{
    public static readonly ReadModelSchema Schema = new("revoked_clients", """
        create table if not exists revoked_clients (
            client_id text primary key,
            member_id uuid not null,
            revoked_at timestamptz not null);
        """);

    public static Task Record(IDbConnection db, IDbTransaction tx, MemberCredentialRevoked revoked) => db.ExecuteAsync(
        "insert into revoked_clients (client_id, member_id, revoked_at) values (@ClientId, @MemberId, @RevokedAt) on conflict do nothing",
        revoked, tx);

    /// <summary>SQL: true when client $2 is revoked (to be or-ed with the service's own standing of member $1).</summary>
    public const string IsRevoked = "exists (select 1 from revoked_clients where client_id = $2)";
}
