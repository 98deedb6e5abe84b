using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace Alliance.Portal.Localization;

/// <summary>
/// English and Simplified Chinese: chosen from the language cookie (set by the switch), else Accept-Language (any zh
/// tag: zh, zh-CN, zh-Hans, zh-TW… gives Chinese), else English. Dates and numbers follow the chosen culture.
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
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AnyChineseAcceptLanguage()];
        });
        // Chinese text is written as UTF-8 characters, not as numeric references (&#x517C;): the encoder lets the CJK
        // ranges and their punctuation through; markup characters are still encoded.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(
            UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation, UnicodeRanges.MathematicalOperators,
            UnicodeRanges.Arrows, UnicodeRanges.CjkUnifiedIdeographs, UnicodeRanges.CjkSymbolsandPunctuation, UnicodeRanges.HalfwidthandFullwidthForms));
        builder.Services.AddScoped<Text>();
        return builder;
    }

    // By name: in invariant mode (services/Directory.Build.props) a culture carries the invariant data, its language code included.
    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

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

    /// <summary>
    /// Accept-Language by quality: the first English or Chinese tag decides, so zh, zh-Hans and zh-TW choose Chinese
    /// (the standard provider only matches the exact supported culture, zh-CN, or a parent of the tag).
    /// </summary>
    private sealed class AnyChineseAcceptLanguage : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext http)
        {
            var header = http.Request.GetTypedHeaders().AcceptLanguage;
            var first = header.Where(v => (v.Quality ?? 1) > 0).OrderByDescending(v => v.Quality ?? 1)
                .Select(v => v.Value.Value ?? "").FirstOrDefault(v => v.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || v.StartsWith("en", StringComparison.OrdinalIgnoreCase));
            var culture = first is null ? null : first.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
            return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture.Name));
        }
    }
}
