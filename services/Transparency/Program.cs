using Alliance.Hosting;
using Alliance.Membership;
using Alliance.Transparency.Service.Log;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Its own database: Marten only for the plumbing every service shares (key ring, bootstrap); the log itself is plain
// append-only tables (LogSchema), because a leaf is not an event of this service: recording one as an event would
// itself be recorded, for ever.
builder.AddEventStore("transparency", _ => { });
builder.AddMessaging("transparency", typeof(Program).Assembly);
builder.AddMemberStanding();
builder.AddTransparencyLog();

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/log").WithTags("Transparency log").MapTransparencyLog();
app.MapGroup("/log").WithTags("Transparency log").MapLeafLookup();
app.Run();

public partial class Program;
