using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Governance.Ballots;

public static class BallotsModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Register(BallotEvents.All);
        opts.Register(BallotRequestRefusedEvents.All);
        opts.Projections.Add<BallotLogProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddBallots(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(BallotLogProjection.Schema);
        builder.Services.AddSingleton<BallotCloser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BallotCloser>());
        return builder;
    }

    public static WebApplication MapBallots(this WebApplication app)
    {
        var ballots = app.MapGroup("/ballots").WithTags("Ballots");
        ballots.MapBallotCommands();
        ReadBallots.Map(ballots);
        app.MapRuleProfiles();
        DecisionLog.Map(app);
        return app;
    }
}
