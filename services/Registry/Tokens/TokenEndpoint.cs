using System.Text;
using Alliance.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Alliance.Registry.Tokens;

/// <summary>
/// POST /connect/token: OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with HTTP
/// Basic or with client_id/client_secret in the form; the answer is a JWT of at most 15 minutes. Errors use
/// the OAuth error format (§5.2), which every OAuth client understands.
/// </summary>
public static class TokenEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/connect/token", async (HttpContext http, NpgsqlDataSource db, SigningKeys keys, SecretHasher hasher, ClientLockout lockout,
            IConfiguration config, TimeProvider clock, CancellationToken ct) =>
        {
            if (!http.Request.HasFormContentType) return Error(400, "invalid_request", "Send application/x-www-form-urlencoded.");
            var form = await http.Request.ReadFormAsync(ct);
            if (form["grant_type"] != "client_credentials") return Error(400, "unsupported_grant_type", "Only client_credentials is supported.");
            var (clientId, secret) = ClientAuthentication(http.Request, form);
            if (clientId is null || secret is null || clientId.Length > 200) return Error(401, "invalid_client", "Client authentication is required.");
            if (await lockout.LockedFor(clientId, ct) is { } wait) return Locked(wait);

            var client = await ClientCredentials.Find(db, clientId, ct);
            // One answer, and one key derivation, for every failure: unknown and revoked ids are checked against a
            // decoy hash, so neither the answer nor its time tells a caller which client ids exist.
            var secretMatches = hasher.Verify(secret, client?.SecretHash);
            if (client is null || client.RevokedAt is not null || !secretMatches)
            {
                await lockout.Failed(clientId, client?.MemberId, http.Connection.RemoteIpAddress?.ToString(), ct);
                return Error(401, "invalid_client", "Unknown, revoked or suspended client, or a wrong secret.");
            }
            if (client.MemberId is { } member && !await InGoodStanding(db, member, ct))
                return Error(401, "invalid_client", "Unknown, revoked or suspended client, or a wrong secret.");

            var lifetime = TimeSpan.FromMinutes(Math.Clamp(config.GetValue("Tokens:LifetimeMinutes", 15), 1, 15));
            var key = await keys.Current(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var claims = new Dictionary<string, object> { ["sub"] = client.ClientId, ["role"] = client.Role, ["jti"] = Guid.NewGuid().ToString() };
            if (client.MemberId is { } memberId) claims["member_id"] = memberId.ToString();
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer(config),
                Audience = "alliance-api",
                IssuedAt = now,
                NotBefore = now,
                Expires = now + lifetime,
                Claims = claims,
                SigningCredentials = new SigningCredentials(key.Private, SecurityAlgorithms.RsaSha256),
            });
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds });
        })
        .AllowAnonymous()
        .DisableAntiforgery()
        // A token request is safe to repeat, and its answer must never be handed to anyone else.
        .WithoutIdempotency()
        .ReturnsSecret()
        .WithTags("Tokens")
        .WithSummary("OAuth 2.0 client-credentials token");

    /// <summary>The issuer named in tokens and in the discovery document: the platform's public address.</summary>
    public static string Issuer(IConfiguration config) => config["Tokens:Issuer"] ?? "http://127.0.0.1:8080";

    private static (string? Id, string? Secret) ClientAuthentication(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim())).Split(':', 2);
                if (pair.Length == 2) return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static async Task<bool> InGoodStanding(NpgsqlDataSource db, Guid memberId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("select status from member_directory where member_id = $1");
        cmd.Parameters.Add(new() { Value = memberId });
        return await cmd.ExecuteScalarAsync(ct) as string == "admitted";
    }

    /// <summary>429 for a locked-out client id (OAuth has no code for it: temporarily_unavailable says "retry later").</summary>
    private static IResult Locked(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new WithHeader("Retry-After", seconds.ToString(), Results.Json(new
        {
            error = "temporarily_unavailable",
            error_description = $"Too many wrong secrets for this client: it is locked out; retry after {seconds} s.",
        }, statusCode: 429));
    }

    private sealed class WithHeader(string name, string value, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers[name] = value;
            return inner.ExecuteAsync(http);
        }
    }

    private static IResult Error(int status, string error, string description)
    {
        var result = Results.Json(new { error, error_description = description }, statusCode: status);
        return status == 401 ? new WithChallenge(result) : result;
    }

    /// <summary>RFC 6749 §5.2: a 401 for client authentication carries WWW-Authenticate.</summary>
    private sealed class WithChallenge(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"alliance\"";
            return inner.ExecuteAsync(http);
        }
    }
}
