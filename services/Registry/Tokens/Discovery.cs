using Alliance.Hosting;

namespace Alliance.Registry.Tokens;

/// <summary>
/// The issuer's metadata and the JWKS. Every address in it is the configured issuer (the platform's public
/// address, Tokens:Issuer), never the request's Host header, so a client cannot make the document (or a cache of
/// it) point at another site. It lists only what the issuer does: client credentials at the token endpoint with
/// Basic or form authentication, RS256 access tokens with these claims. No authorization endpoint, no ID tokens,
/// so no response types, subject types or ID-token algorithms are advertised.
/// </summary>
public static class Discovery
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-configuration", (IConfiguration config) =>
        {
            var issuer = TokenEndpoint.Issuer(config).TrimEnd('/');
            return Results.Json(new
            {
                issuer = TokenEndpoint.Issuer(config),
                jwks_uri = $"{issuer}/.well-known/jwks",
                token_endpoint = $"{issuer}/connect/token",
                grant_types_supported = new[] { "client_credentials" },
                token_endpoint_auth_methods_supported = new[] { "client_secret_basic", "client_secret_post" },
                claims_supported = new[] { "sub", "member_id", "role" },
            });
        }).AllowAnonymous().WithTags("Tokens").WithSummary("OpenID discovery document");

        app.MapGet("/.well-known/jwks", async (SigningKeys keys, CancellationToken ct) =>
        {
            var published = await keys.Published(ct);
            return Results.Json(new
            {
                keys = published.Select(k =>
                {
                    var p = k.Public.Parameters;
                    return new { kty = "RSA", use = "sig", alg = "RS256", kid = k.Kid, n = Base64Url(p.Modulus!), e = Base64Url(p.Exponent!) };
                }),
            });
        }).AllowAnonymous().WithTags("Tokens").WithSummary("The signing keys: the current one and those retired within a day");

        app.MapPost("/connect/signing-keys/rotation", async (SigningKeys keys, CancellationToken ct) =>
            TypedResults.Ok(new SigningKeyRotation(await keys.Rotate(ct))))
            .RequireAuthorization(Policies.Secretariat).WithTags("Tokens").WithSummary("Rotate the signing key (secretariat)");
    }

    /// <summary>The key id that signs from now on.</summary>
    public sealed record SigningKeyRotation(string Kid);

    private static string Base64Url(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
}
