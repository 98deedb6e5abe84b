using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.HttpOverrides;

namespace Alliance.Portal;

/// <summary>
/// Members sign in with their platform credentials: the Portal exchanges them at the token endpoint and keeps
/// the token in an encrypted, http-only, same-site cookie that lives as long as the token. With
/// Auth:Oidc:Authority configured, an external provider's authorization-code flow signs people in instead.
/// </summary>
public static class SignIn
{
    public const string AccessTokenClaim = "access_token";
    public const string MemberClaim = "member_id";
    public const string RoleClaim = "role";
    public const string OidcScheme = "oidc";

    public static bool OidcConfigured(IConfiguration config) => !string.IsNullOrWhiteSpace(config["Auth:Oidc:Authority"]);

    public static WebApplicationBuilder AddPortalSignIn(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        // The gateway says who the caller is and whether it came over https, and is believed only when it is a
        // configured proxy (ForwardedHeaders:KnownProxies/KnownNetworks; the loopback by default).
        builder.Services.Configure<ForwardedHeadersOptions>(o => Alliance.Hosting.TrustedProxies.Configure(o, config,
            ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost));
        // Every cookie (session, anti-forgery, language, OIDC correlation) is Secure when the original request was
        // https; Portal:SecureCookies=Always makes them Secure on plain http as well.
        var secure = config["Portal:SecureCookies"] == "Always" ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        builder.Services.Configure<CookiePolicyOptions>(o => o.Secure = secure);
        builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);
        var auth = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "alliance.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/signin";
                o.SlidingExpiration = false;
            });
        if (OidcConfigured(config))
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = config["Auth:Oidc:Authority"];
                o.ClientId = config["Auth:Oidc:ClientId"];
                o.ClientSecret = config["Auth:Oidc:ClientSecret"];
                o.ResponseType = "code";
                o.SaveTokens = true;
                o.RequireHttpsMetadata = config.GetValue("Auth:Oidc:RequireHttpsMetadata", true);
                o.MapInboundClaims = false;
                // The provider's access token is what the services validate (they trust the same provider by configuration).
                o.Events.OnTokenValidated = context =>
                {
                    if (context.TokenEndpointResponse?.AccessToken is { } token && context.Principal?.Identity is ClaimsIdentity identity)
                        identity.AddClaim(new Claim(AccessTokenClaim, token));
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static void MapSignInEndpoints(this WebApplication app) =>
        app.MapGet("/signin/external", (HttpContext http) => OidcConfigured(http.RequestServices.GetRequiredService<IConfiguration>())
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/workspace" }, [OidcScheme])
            : Results.NotFound());

    public sealed record Exchanged(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);

    /// <summary>The issuer answered 429: too many attempts from this address, or this client id is locked out.</summary>
    public sealed class Throttled(int retryAfterSeconds) : Exception($"Retry after {retryAfterSeconds} s.")
    {
        public int RetryAfterSeconds { get; } = retryAfterSeconds;
    }

    /// <summary>Client credentials → token at the issuer; null when the issuer refuses them, Throttled when it says "later".</summary>
    public static async Task<Exchanged?> Exchange(HttpClient issuer, string clientId, string clientSecret, CancellationToken ct)
    {
        using var response = await issuer.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }), ct);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            throw new Throttled((int?)response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 60);
        if (!response.IsSuccessStatusCode) return null;
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var token = body.RootElement.GetProperty("access_token").GetString()!;
        var expiresIn = body.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 900;
        var claims = new List<Claim> { new(ClaimTypes.Name, clientId), new(AccessTokenClaim, token) };
        // The issuer just handed us this token over a direct call: its payload can be read without re-validating it.
        using var payload = JsonDocument.Parse(Base64Url(token.Split('.')[1]));
        foreach (var p in payload.RootElement.EnumerateObject())
            if (p.Name is MemberClaim) claims.Add(new Claim(MemberClaim, p.Value.GetString()!));
            else if (p.Name is RoleClaim)
                foreach (var role in p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.GetString()!) : [p.Value.GetString()!])
                    claims.Add(new Claim(ClaimTypes.Role, role));
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        return new Exchanged(new ClaimsPrincipal(identity), DateTimeOffset.UtcNow.AddSeconds(expiresIn - 30));
    }

    private static byte[] Base64Url(string s)
    {
        var padded = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }

    public static Guid? MemberId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst(MemberClaim)?.Value, out var id) ? id : null;

    public static bool IsSecretariat(this ClaimsPrincipal user) => user.IsInRole("secretariat");
}
