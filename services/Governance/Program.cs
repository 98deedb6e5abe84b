using Alliance.Governance.Electorate;
using Alliance.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("governance", _ => { });
builder.AddMessaging("governance", typeof(Program).Assembly);
builder.Services.AddSingleton(ElectorateConsumer.Schema);

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/electorate").WithTags("Electorate").MapElectorate();
app.Run();

public partial class Program;
