using Alliance.Compatibility;
using Alliance.Compatibility.Messaging;
using Alliance.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("compatibility", CompatibilityModule.Configure);
builder.AddMessaging("compatibility", typeof(Program).Assembly);
builder.Services.AddSingleton<IIntegrationEvents, CompatibilityIntegrationEvents>();
builder.AddCompatibility();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCompatibility();
app.Run();

public partial class Program;
