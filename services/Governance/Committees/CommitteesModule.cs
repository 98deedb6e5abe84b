using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Governance.Committees;

/// <summary>Committees: their stream (seats, ballot policies), the directory, and /committees.</summary>
public static class CommitteesModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Register(CommitteeEvents.All);
        opts.Register(BallotPolicyEvents.All);
        opts.Projections.Add<CommitteeDirectoryProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddCommittees(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(CommitteeDirectoryProjection.Schema);
        return builder;
    }

    public static WebApplication MapCommitteeRoutes(this WebApplication app)
    {
        app.MapGroup("/committees").WithTags("Committees").MapCommittees().MapBallotPolicy();
        return app;
    }
}
