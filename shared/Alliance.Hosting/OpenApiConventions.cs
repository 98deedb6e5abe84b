using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Alliance.Hosting;

/// <summary>
/// What makes a service's /openapi/v1.json a document a client can be generated from: the server it is reached at
/// (behind the gateway: its origin plus /api, from X-Forwarded-*), the token it takes (HTTP bearer, and OAuth 2.0
/// client credentials at the issuer's /connect/token) on every operation that needs one, an operation id on every
/// operation, and schema names that are valid component names.
/// </summary>
public static class OpenApiConventions
{
    public const string Bearer = "bearer";
    public const string OAuth2 = "oauth2";

    public static void Configure(OpenApiOptions options, IConfiguration configuration)
    {
        options.CreateSchemaReferenceId = type =>
            // An anonymous type has no name a client could use: it stays inline where it is used.
            OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } id && !id.Contains("AnonymousType", StringComparison.Ordinal) ? Valid(id) : null;
        options.AddDocumentTransformer((document, context, _) =>
        {
            var http = context.ApplicationServices.GetRequiredService<IHttpContextAccessor>().HttpContext!;
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            document.Servers = [new OpenApiServer { Url = origin + http.Request.PathBase }];
            // Behind the gateway the issuer is at the gateway's root; a service reached directly names the issuer it trusts.
            var tokenUrl = http.Request.PathBase.HasValue ? $"{origin}/connect/token"
                : (configuration["Auth:MetadataAddress"] ?? "http://127.0.0.1:8081/.well-known/openid-configuration").Replace("/.well-known/openid-configuration", "/connect/token");
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /connect/token (OAuth 2.0 client credentials), audience alliance-api.",
                },
                [OAuth2] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "OAuth 2.0 client credentials: the secretariat's client or a member's credential.",
                    Flows = new OpenApiOAuthFlows { ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(tokenUrl), Scopes = new Dictionary<string, string>() } },
                },
            };
            document.Info.Description ??= "Alliance platform API. Errors are problem+json (RFC 9457); every POST takes an Idempotency-Key header.";
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            operation.OperationId ??= OperationId(description.HttpMethod ?? "get", description.RelativePath ?? "");
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            OpenApiSecurityRequirement Scheme(string name) => new() { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] };
            // A public operation takes a token too (a member sees its own private data): no requirement, or either scheme.
            operation.Security = needsToken ? [Scheme(Bearer), Scheme(OAuth2)] : [new OpenApiSecurityRequirement(), Scheme(Bearer), Scheme(OAuth2)];
            if (needsToken)
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or a token that is not accepted (problem+json)" });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "A valid token without the right (problem+json)" });
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>GET /members/{id}/history → getMembersByIdHistory: unique per method and route, stable across releases.</summary>
    public static string OperationId(string method, string route)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in route.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var parameter = segment.StartsWith('{');
            var name = segment.Trim('{', '}').Split(':')[0];
            if (parameter) id.Append("By");
            foreach (var word in name.Split(['-', '.', '_'], StringSplitOptions.RemoveEmptyEntries))
                id.Append(char.ToUpperInvariant(word[0])).Append(word[1..]);
        }
        return id.ToString();
    }

    // Component names are ^[a-zA-Z0-9._-]+$: "String[]" and the like become "StringArray".
    private static string? Valid(string? name) =>
        name is null ? null : new string(name.Replace("[]", "Array").Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-').ToArray());
}
