using Alliance.Hosting;
using Alliance.Portal;
using Alliance.Portal.Api;
using Alliance.Portal.Localization;

var builder = WebApplication.CreateBuilder(args);
builder.AddTelemetry();
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Workspace");
});
builder.Services.AddSingleton(TimeProvider.System);
builder.AddPortalLanguages();
builder.AddPortalSignIn();
builder.AddServiceApis();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseMetricsEndpoint();
app.UseCookiePolicy();
app.Use(SecurityHeaders.Middleware);
app.Use(ServerTiming.Middleware);
app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
app.UseRequestLocalization();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
app.MapLanguageSwitch();
app.MapSignInEndpoints();
app.MapHealthChecks("/health/live");
app.MapHealthChecks("/health/ready");
app.Run();

public partial class Program;
