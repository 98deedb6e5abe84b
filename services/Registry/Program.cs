using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Messaging;
using Alliance.Registry.Projects;
using Alliance.Registry.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("registry", opts => { MembersModule.Configure(opts); ProjectsModule.Configure(opts); });
builder.AddMessaging("registry", typeof(Program).Assembly);
builder.Services.AddSingleton<IMemberStanding, DirectoryStanding>();
// Domain gauges at /metrics (docs/operations.md).
builder.Services.AddSingleton(new DomainGauge("alliance.members", "Members by status.", "status", "select status, count(*) from member_directory group by status"));
builder.Services.AddSingleton<IIntegrationEvents, RegistryIntegrationEvents>();
builder.Services.AddSingleton(MembersModule.Schema);
builder.Services.AddSingleton(ProjectsModule.Schema);
builder.AddTokenIssuer();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTokenIssuer();
app.MapGroup("/members").WithTags("Members").MapMembers();
app.MapProjects();
app.Run();

public partial class Program;
