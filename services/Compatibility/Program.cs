using Alliance.Compatibility.Vendors;
using Alliance.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventStore("compatibility", _ => { });
builder.AddMessaging("compatibility", typeof(Program).Assembly);
builder.Services.AddSingleton(VendorDirectoryConsumer.Schema);

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/vendors").WithTags("Vendors").MapVendors();
app.Run();

public partial class Program;
