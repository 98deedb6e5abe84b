using Alliance.Hosting;
using Alliance.Membership;
using Alliance.Notifications;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Its own database (subscriptions, secrets, the delivery log); no event streams of its own yet.
builder.AddEventStore("notifications", _ => { });
builder.AddMessaging("notifications", typeof(Program).Assembly);
builder.AddMemberStanding();
builder.AddNotifications();

var app = builder.Build();
app.UseServiceDefaults();
app.MapNotifications();
app.Run();

public partial class Program;
