using Alliance.Compatibility;
using Alliance.Compatibility.Certifications;
using Alliance.Compatibility.Messaging;
using Alliance.Compatibility.Vendors;
using Alliance.Hosting;
using Alliance.Membership;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("compatibility", CompatibilityModule.Configure);
builder.AddMessaging("compatibility", typeof(Program).Assembly);
builder.Services.AddStandingFrom("vendors");
// Domain gauges at /metrics (docs/operations.md).
builder.Services.AddSingleton(new DomainGauge("alliance.certifications", "Certifications by status.", "status", "select status, count(*) from certifications group by status"));
builder.Services.AddSingleton<IIntegrationEvents, CompatibilityIntegrationEvents>();
builder.AddCompatibility();
builder.AddMatrixCache();

var app = builder.Build();
app.UseServiceDefaults();
app.UseMatrixCache();
app.MapCompatibility();
app.Run();

public partial class Program;
