using Alliance.Hosting;

namespace Alliance.Registry.Tokens;

/// <summary>
/// OpenID discovery and the JWKS. URLs are built from the address the document was fetched at, so services
/// fetching it internally get internal URLs and clients going through the gateway get the gateway's.
/// </summary>
public static class Discovery
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/openid-configuration", (HttpContext http, IConfiguration config) =>
        {
            var here = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
            return Results.Json(new
            {
                issuer = TokenEndpoint.Issuer(config),
                jwks_uri = $"{here}/.well-known/jwks",
                token_endpoint = $"{here}/connect/token",
                grant_types_supported = new[] { "client_credentials" },
                token_endpoint_auth_methods_supported = new[] { "client_secret_basic", "client_secret_post" },
                id_token_signing_alg_values_supported = new[] { "RS256" },
                response_types_supported = new[] { "token" },
                subject_types_supported = new[] { "public" },
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
            Results.Ok(new { kid = await keys.Rotate(ct) }))
            .RequireAuthorization(Policies.Secretariat).WithTags("Tokens").WithSummary("Rotate the signing key (secretariat)");
    }

    private static string Base64Url(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
}
