using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Alliance.Portal;

/// <summary>
/// The one way a page renders a link a member supplied (a website, evidence): as a link only when it is an
/// absolute http(s) URL. Anything else (javascript:, data:, a relative path), such as a link stored before the
/// services refused them, is shown as text, so following it can never run script in the reader's session.
/// </summary>
public static class SafeLinks
{
    // Spaces inside are tolerated (links stored before the services refused them; a browser escapes them), control characters are not.
    public static bool IsHttp(string? url) =>
        url is { Length: > 0 } && url.Trim() == url && !url.Any(char.IsControl)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0;

    /// <summary>&lt;a href rel="external nofollow noopener noreferrer"&gt;text&lt;/a&gt;, or the URL as plain text when it is not http(s).</summary>
    public static IHtmlContent MemberLink(this IHtmlHelper html, string? url, string? text = null)
    {
        if (string.IsNullOrEmpty(url)) return HtmlString.Empty;
        if (!IsHttp(url))
        {
            var plain = new TagBuilder("span");
            plain.AddCssClass("unlinked");
            plain.InnerHtml.Append(url);
            return plain;
        }
        var a = new TagBuilder("a");
        a.Attributes["href"] = url;
        a.Attributes["rel"] = "external nofollow noopener noreferrer";
        a.InnerHtml.Append(text ?? url);
        return a;
    }

    /// <summary>
    /// A return address that stays on this site: a path starting with one '/' (not "//host" or "/\host", which
    /// browsers read as another host), without control characters; anything else is "/".
    /// </summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl) ? url : "/";
}
