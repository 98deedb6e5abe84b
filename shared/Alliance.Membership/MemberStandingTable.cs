using Alliance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Membership;

/// <summary>The standing MemberStandingRecorder keeps, as the answer to Hosting's question (IMemberStanding).</summary>
public sealed class MemberStandingTable(NpgsqlDataSource db) : IMemberStanding
{
    public static readonly ReadModelSchema Schema = new("member_standing", """
        create table if not exists member_status (
            member_id uuid primary key,
            status text not null,
            version bigint not null,
            updated_at timestamptz not null default now());
        create table if not exists revoked_clients (
            client_id text primary key,
            member_id uuid not null,
            revoked_at timestamptz not null);
        """);

    public async Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            select exists (select 1 from member_status where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
                or exists (select 1 from revoked_clients where client_id = $2)
            """);
        cmd.Parameters.Add(new() { Value = (object?)memberId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new() { Value = clientId });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

public static class MemberStandingRegistration
{
    /// <summary>The table and the answer; the service's own MemberStandingConsumer (found with its consumers) fills it.</summary>
    public static WebApplicationBuilder AddMemberStanding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(MemberStandingTable.Schema);
        builder.Services.AddSingleton<IMemberStanding, MemberStandingTable>();
        return builder;
    }
}
