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
        """);

    public Task<bool> Refuses(Guid? memberId, string clientId, CancellationToken ct) => MemberStandingQuery.Refuses(db, $"""
        select exists (select 1 from member_status where member_id = $1 and status in ('suspended', 'withdrawn', 'expelled'))
            or {RevokedClients.IsRevoked}
        """, memberId, clientId, ct);
}

public static class MemberStandingRegistration
{
    /// <summary>The table and the answer; the service's own MemberStandingConsumer (found with its consumers) fills it.</summary>
    public static WebApplicationBuilder AddMemberStanding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(MemberStandingTable.Schema);
        builder.Services.AddSingleton(RevokedClients.Schema);
        builder.Services.AddSingleton<IMemberStanding, MemberStandingTable>();
        return builder;
    }
}
