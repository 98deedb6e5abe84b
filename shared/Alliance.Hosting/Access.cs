using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alliance.Hosting;

public static class Access
{
    /// <summary>
    /// Bearer tokens validated by the standard JwtBearer handler from the issuer's discovery document
    /// (Auth:MetadataAddress), so any OIDC provider can replace the built-in issuer by configuration.
    /// Tokens of a member that this service knows to be suspended, withdrawn or expelled, or of a revoked
    /// client, are refused: revocation works with any issuer.
    /// </summary>
    public static WebApplicationBuilder AddAccess(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MetadataAddress = auth["MetadataAddress"] ?? "http://127.0.0.1:8081/.well-known/openid-configuration";
            o.Audience = auth["Audience"] ?? "alliance-api";
            o.RequireHttpsMetadata = auth.GetValue("RequireHttpsMetadata", false);
            o.MapInboundClaims = false;
            // The JWKS is fetched again every 5 minutes (the library's minimum), and at most every
            // RefreshIntervalSeconds when a token names an unknown key. The issuer signs with a rotated key
            // only 10 minutes after publishing it, so every service already knows it by then.
            o.AutomaticRefreshInterval = TimeSpan.FromMinutes(auth.GetValue("MetadataRefreshMinutes", 5));
            o.RefreshInterval = TimeSpan.FromSeconds(auth.GetValue("RefreshIntervalSeconds", 60));
            o.TokenValidationParameters.NameClaimType = "sub";
            o.TokenValidationParameters.RoleClaimType = "role";
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            // Only what the issuer signs with: a token in another algorithm (RSA-PSS, HMAC keyed with a public key,
            // "none") is refused even if some key in the JWKS could verify it.
            o.TokenValidationParameters.ValidAlgorithms = [Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256];
            if (auth["Issuer"] is { } issuer) o.TokenValidationParameters.ValidIssuer = issuer;
            o.Events = new JwtBearerEvents { OnTokenValidated = RefuseRevoked };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Secretariat, p => p.RequireRole(Roles.Secretariat))
            .AddPolicy(Policies.Member, p => p.RequireRole(Roles.Member, Roles.MemberAdmin).RequireClaim("member_id"))
            .AddPolicy(Policies.Reviewer, p => p.RequireRole(Roles.Reviewer).RequireClaim("member_id"));
        builder.Services.AddRateLimiter(o => ConfigureLimits(o, builder.Configuration.GetSection("RateLimits")));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Limits:MaxRequestBodyBytes", 1_048_576L));
        return builder;
    }

    private static async Task RefuseRevoked(TokenValidatedContext context)
    {
        var actor = Actor.Of(context.Principal!);
        var standing = context.HttpContext.RequestServices.GetRequiredService<IMemberStanding>();
        if (await standing.Refuses(actor.MemberId, actor.ClientId ?? "", context.HttpContext.RequestAborted))
            context.Fail("The credential or its member is no longer in good standing.");
    }

    /// <summary>
    /// Anonymous callers are limited per client IP (RateLimits:PublicPerMinute), the token endpoint
    /// separately (RateLimits:TokenPerMinute), authenticated callers per client, whatever their address
    /// (RateLimits:ClientPerMinute); health probes are not. The client IP is the real caller's: the gateway and
    /// the Portal forward it in X-Forwarded-For, which is believed from trusted proxies only (TrustedProxies).
    /// </summary>
    private static void ConfigureLimits(RateLimiterOptions o, IConfiguration limits)
    {
        var publicPerMinute = limits.GetValue("PublicPerMinute", 6000);
        var tokenPerMinute = limits.GetValue("TokenPerMinute", 600);
        var clientPerMinute = limits.GetValue("ClientPerMinute", 60000);
        o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var path = http.Request.Path;
            var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (path.StartsWithSegments("/connect/token")) return Window($"token {ip}", tokenPerMinute);
            if (path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("none");
            if (http.User.Identity is { IsAuthenticated: true, Name: { } client }) return Window($"client {client}", clientPerMinute);
            return Window($"public {ip}", publicPerMinute);
        });
        o.OnRejected = async (context, ct) =>
        {
            var http = context.HttpContext;
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = retryAfter.ToString();
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests", Detail = $"Rate limit reached; retry after {retryAfter} s." },
            });
        };
    }

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
