using Microsoft.Extensions.Configuration;

namespace Alliance.Hosting;

/// <summary>
/// The platform's public address (configuration PublicUrl, e.g. https://alliance.example.org; by default the
/// local gateway). Absolute links handed to the public (Atom feeds) are built from it, never from the request's
/// Host or X-Forwarded-Host header, which any client can set: a cached feed must not point readers at another site.
/// </summary>
public static class PublicUrl
{
    public static string Of(IConfiguration config) => (config["PublicUrl"] is { Length: > 0 } url ? url : "http://127.0.0.1:8080").TrimEnd('/');

    /// <summary>Where the gateway serves the services' resources: the public address + /api.</summary>
    public static string Api(IConfiguration config) => Of(config) + "/api";
}
