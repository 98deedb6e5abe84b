using Alliance.Governance.Ballots;
using Alliance.Governance.Committees;
using Alliance.Governance.Electorate;
using Alliance.Governance.Messaging;
using Alliance.Governance.OpenSource;
using Alliance.Hosting;
using Alliance.Membership;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("governance", opts =>
{
    CommitteesModule.Configure(opts);
    BallotsModule.Configure(opts);
    OpenSourceModule.Configure(opts);
}, daemon => daemon.AddReactions<OssDecisionAnswers>());
builder.AddMessaging("governance", typeof(Program).Assembly);
builder.Services.AddStandingFrom("electorate");
// Domain gauges at /metrics (docs/operations.md).
builder.Services.AddSingleton(new DomainGauge("alliance.ballots", "Ballots by status (open: being voted on).", "status", "select status, count(*) from ballots group by status"));
builder.Services.AddSingleton(new DomainGauge("alliance.decisions", "Decisions by outcome.", "outcome", "select outcome, count(*) from decisions group by outcome"));
builder.Services.AddSingleton<IIntegrationEvents, GovernanceIntegrationEvents>();
builder.Services.AddSingleton(ElectorateConsumer.Schema);
builder.AddCommittees();
builder.AddBallots();
// A secret ballot's votes never show, not even to an auditor: /events gives their hash only.
builder.Services.AddSingleton(new AuditWithheld("vote_cast"));
builder.AddOpenSource();

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/electorate").WithTags("Electorate").MapElectorate();
app.MapCommitteeRoutes();
app.MapBallots();
app.MapOpenSource();
app.Run();

public partial class Program;
