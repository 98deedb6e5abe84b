using Microsoft.AspNetCore.Http;

namespace Alliance.Hosting;

/// <summary>
/// Headers every API answer carries. nosniff: a body is only ever read as the type it is sent as (an SVG badge or
/// a CSV never turns into a page). Cache-Control, where the endpoint did not set its own: a write, an error or an
/// answer to an authenticated caller is never stored by a browser or a proxy (it may hold a member's data or a
/// secret); an anonymous read may be kept but is revalidated. Public reads that announce a lifetime (the matrix,
/// badges) set it themselves and keep it.
/// </summary>
public static class ResponseHeaders
{
    public static Task Middleware(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (headers.CacheControl.Count == 0)
                headers.CacheControl = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                    || http.Response.StatusCode >= 400
                    || http.Request.Headers.Authorization.Count > 0 || http.User.Identity?.IsAuthenticated == true
                    ? "no-store" : "no-cache";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
