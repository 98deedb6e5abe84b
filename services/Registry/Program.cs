using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Messaging;
using Alliance.Registry.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("registry", MembersModule.Configure);
builder.AddMessaging("registry", typeof(Program).Assembly);
builder.Services.AddSingleton<IIntegrationEvents, RegistryIntegrationEvents>();
builder.Services.AddSingleton(MembersModule.Schema);
builder.AddTokenIssuer();

var app = builder.Build();
app.UseServiceDefaults();
app.MapTokenIssuer();
app.MapGroup("/members").WithTags("Members").MapMembers();
app.Run();

public partial class Program;
