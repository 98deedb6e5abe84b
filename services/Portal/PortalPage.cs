using Alliance.Portal.Api;
using Alliance.Portal.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Alliance.Portal;

/// <summary>What every page shares: its texts, and a service's refusal turned into messages beside the fields they concern.</summary>
public abstract class PortalPage(Text text) : PageModel
{
    protected Text T { get; } = text;

    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Notice { get; set; }

    /// <summary>Puts each field error of the problem beside the form field it maps to (API field → form field), the rest on top.</summary>
    protected void Show(ApiProblem problem, params (string Api, string Form)[] fields)
    {
        var map = fields.ToDictionary(f => f.Api, f => f.Form, StringComparer.OrdinalIgnoreCase);
        foreach (var (field, messages) in problem.Errors)
        {
            var key = map.TryGetValue(field, out var form) ? form : map.FirstOrDefault(m => field.StartsWith(m.Key + "[", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            foreach (var message in messages) ModelState.AddModelError(key, T.ApiMessage(message));
        }
        if (problem.Errors.Count == 0)
            ModelState.AddModelError("", problem.Status switch
            {
                401 => T["err.signin-again"],
                403 => T["err.forbidden"],
                404 => T["err.not-found"],
                409 => T.ApiMessage(problem.Detail ?? problem.Title ?? "conflict") + string.Concat(problem.Unmet.Select(u => " · " + u)),
                _ => T.ApiMessage(problem.Detail ?? problem.Title ?? $"HTTP {problem.Status}"),
            });
    }
}

/// <summary>Form markup that says what is wrong, next to the field, in a way screen readers announce.</summary>
public static class Forms
{
    public static IHtmlContent FieldError(this IHtmlHelper html, string field)
    {
        var state = html.ViewContext.ModelState;
        if (!state.TryGetValue(field, out var entry) || entry.Errors.Count == 0) return HtmlString.Empty;
        var builder = new HtmlContentBuilder();
        builder.AppendHtml($"<p class=\"field-error\" id=\"{field}-error\">");
        builder.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        builder.AppendHtml("</p>");
        return builder;
    }

    /// <summary>aria attributes for an input: described by its error when it has one.</summary>
    public static IHtmlContent Aria(this IHtmlHelper html, string field) =>
        html.ViewContext.ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0
            ? new HtmlString($"aria-invalid=\"true\" aria-describedby=\"{field}-error\"")
            : HtmlString.Empty;

    public static IHtmlContent FormErrors(this IHtmlHelper html) => FieldError(html, "");
}
