using Alliance.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Membership;

/// <summary>The table MemberStandingRecorder keeps; the token check reads it like any membership table (OneMembershipTable).</summary>
public static class MemberStandingTable
{
    public static readonly ReadModelSchema Schema = new("member_standing", """
        create table if not exists member_status (
            member_id uuid primary key,
            status text not null,
            version bigint not null,
            updated_at timestamptz not null default now());
        """);

    /// <summary>The table and the answer; the service's own MemberStandingConsumer (found with its consumers) fills it.</summary>
    public static WebApplicationBuilder AddMemberStanding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Schema);
        builder.Services.AddStandingFrom("member_status");
        return builder;
    }
}
