using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Alliance.Hosting;

/// <summary>
/// The language a reader asked for in Accept-Language, for the few texts a service writes itself (tally explanations,
/// licence verdicts, badges): Simplified Chinese for any zh tag (zh, zh-CN, zh-Hans, zh-TW…), else English.
/// The answer then varies by Accept-Language, so caches keep the languages apart.
/// </summary>
public static class RequestLanguage
{
    public static bool PrefersChinese(HttpContext http)
    {
        http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
        return IsChinese(http.Request.Headers.AcceptLanguage.ToString());
    }

    /// <summary>True when the most preferred language of the header (by quality, then order) is a Chinese one.</summary>
    public static bool IsChinese(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage) || !StringWithQualityHeaderValue.TryParseList(acceptLanguage.Split(','), out var values)) return false;
        var first = values.Where(v => (v.Quality ?? 1) > 0).OrderByDescending(v => v.Quality ?? 1).FirstOrDefault();
        return first is not null && (first.Value.Equals("zh", StringComparison.OrdinalIgnoreCase) || first.Value.StartsWith("zh-", StringComparison.OrdinalIgnoreCase));
    }
}
