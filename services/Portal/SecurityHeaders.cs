namespace Alliance.Portal;

/// <summary>
/// What every Portal answer tells the browser. The pages show text members wrote (names, reasons, links), so
/// the Content-Security-Policy runs only the Portal's own script files: no inline script or handler, no plugin,
/// no &lt;base&gt; rewriting links, no framing (clickjacking). HSTS only over TLS (as seen through the trusted
/// proxy), since a browser ignores it on plain http and a local http Portal must stay reachable.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static Task Middleware(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            // A signed-in member's pages (ballots, drafts) stay out of shared caches and the browser's disk.
            if (http.User.Identity?.IsAuthenticated == true && headers.CacheControl.Count == 0) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
