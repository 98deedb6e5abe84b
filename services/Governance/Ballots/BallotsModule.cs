using Alliance.Governance.Committees;
using Alliance.Hosting;
using JasperFx.Events.Projections;
using Marten;

namespace Alliance.Governance.Ballots;

public static class BallotsModule
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.MapEventType<CommitteeCreated>("committee_created");
        opts.Events.MapEventType<SeatAssigned>("seat_assigned");
        opts.Events.MapEventType<SeatRemoved>("seat_removed");
        opts.Events.MapEventType<BallotPolicySet>("ballot_policy_set");
        opts.Events.MapEventType<BallotOpened>("ballot_opened");
        opts.Events.MapEventType<AttendanceRecorded>("attendance_recorded");
        opts.Events.MapEventType<VoteCast>("vote_cast");
        opts.Events.MapEventType<BallotClosed>("ballot_closed");
        opts.Events.MapEventType<ChairDecisionRecorded>("chair_decision_recorded");
        opts.Events.MapEventType<DecisionReached>("decision_reached");
        opts.Events.MapEventType<BallotRulesOverridden>("ballot_rules_overridden");
        opts.Events.MapEventType<BallotRequestRefused>("ballot_request_refused");
        opts.Events.MapEventType<CorrectionOpened>("correction_opened");
        opts.Projections.Add<CommitteeDirectoryProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<BallotLogProjection>(ProjectionLifecycle.Inline);
    }

    public static WebApplicationBuilder AddBallots(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(CommitteeDirectoryProjection.Schema);
        builder.Services.AddSingleton(BallotLogProjection.Schema);
        builder.Services.AddSingleton<BallotCloser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BallotCloser>());
        return builder;
    }

    public static WebApplication MapBallots(this WebApplication app)
    {
        app.MapGroup("/committees").WithTags("Committees").MapCommittees().MapBallotPolicy();
        var ballots = app.MapGroup("/ballots").WithTags("Ballots");
        OpenBallot.Map(ballots);
        BallotCommands.Map(ballots);
        ReadBallots.Map(ballots);
        app.MapRuleProfiles();
        DecisionLog.Map(app);
        return app;
    }
}
