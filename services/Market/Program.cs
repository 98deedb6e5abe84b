using Alliance.Hosting;
using Alliance.Market;
using Alliance.Market.Messaging;
using Alliance.Membership;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("market", MarketModule.Configure);
builder.AddMessaging("market", typeof(Program).Assembly);
builder.AddMemberStanding();
builder.Services.AddSingleton<IIntegrationEvents, MarketIntegrationEvents>();
builder.AddMarket();

var app = builder.Build();
app.UseServiceDefaults();
app.MapMarket();
app.Run();

public partial class Program;
