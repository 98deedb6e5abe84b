namespace Alliance.Portal;

/// <summary>
/// The platform's public address (configuration PublicUrl, e.g. https://alliance.example.org; by default the
/// local gateway). Absolute links that leave the site, such as the badge snippet pasted into a vendor's page, are
/// built from it, never from the request's Host header, which any client can set.
/// </summary>
public static class PublicUrl
{
    public static string Of(IConfiguration config) => (config["PublicUrl"] is { Length: > 0 } url ? url : "http://127.0.0.1:8080").TrimEnd('/');
}
