using Alliance.Hosting;
using Alliance.Registry.Members;
using Alliance.Registry.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("registry", MembersModule.Configure);
builder.AddMessaging("registry", typeof(Program).Assembly);
builder.Services.AddSingleton<IIntegrationEvents, RegistryIntegrationEvents>();
builder.Services.AddSingleton(MembersModule.Schema);

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/members").WithTags("Members").MapMembers();
app.Run();

public partial class Program;
