using Alliance.Hosting;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Membership;

/// <summary>
/// What every membership table shares (Governance's electorate, Compatibility's vendors, the plain member_status of
/// MemberStandingRecorder): the token check on its status column and the revoked clients; and, for the two tables that
/// took over the standing the plumbing used to keep apart, its one-off carry-over and a message's parameters with its
/// stream version.
/// </summary>
public static class OneMembershipTable
{
    /// <summary>SQL, idempotent: takes the standing of the former member_status table into the table, then drops it.</summary>
    public static string CarryOverStanding(string table) => $"""
        alter table {table} add column if not exists version bigint not null default 0;
        alter table {table} alter column admitted_at drop not null;
        do $$ begin
            if to_regclass('member_status') is not null then
                update {table} t set status = s.status, version = s.version from member_status s where s.member_id = t.member_id;
                drop table member_status;
            end if;
        end $$;
        """;

    /// <summary>The message's fields, @version (its stream version, es-version, or null) and the extra values.</summary>
    public static DynamicParameters Args<T>(ConsumeContext context, T message, object? extra = null)
    {
        var args = new DynamicParameters(message);
        if (extra is not null) args.AddDynamicParams(extra);
        args.Add("version", context.Headers.Get<long>("es-version"));
        return args;
    }

    /// <summary>The token check on the table's status, and the revoked clients, registered as the service's answer.</summary>
    public static void AddStandingFrom(this IServiceCollection services, string table)
    {
        services.AddSingleton(RevokedClients.Schema);
        services.AddSingleton<IMemberStanding>(sp => new TableStanding(sp.GetRequiredService<NpgsqlDataSource>(), table));
    }

    private sealed class TableStanding(NpgsqlDataSource db, string table) : IMemberStanding
    {
        private readonly string _sql = $"""
            select exists (select 1 from {table} where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
                or {RevokedClients.IsRevoked}
            """;

        public Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct) => MemberStandingQuery.Refuses(db, _sql, memberId, clientId, ct);
    }
}
