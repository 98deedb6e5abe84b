using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Alliance.Portal.Localization;

/// <summary>
/// English and Simplified Chinese: chosen from the language cookie (set by the switch), else Accept-Language,
/// else English. Dates and numbers follow the chosen culture.
/// </summary>
public static class Languages
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static WebApplicationBuilder AddPortalLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(English);
            o.SupportedCultures = o.SupportedUICultures = [English, Chinese];
            o.FallBackToParentCultures = o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        builder.Services.AddScoped<Text>();
        return builder;
    }

    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    /// <summary>GET /language/{code}?returnUrl=…: a plain link, so the switch works without JavaScript.</summary>
    public static void MapLanguageSwitch(this WebApplication app) =>
        app.MapGet("/language/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            var culture = code == "zh" ? Chinese : English;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(SafeLinks.LocalPath(returnUrl));
        });
}
