using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Hosting;

/// <summary>
/// How an endpoint takes part in Idempotency-Key handling, declared where it is mapped:
/// <see cref="WithoutIdempotency"/> for a request that is safe to repeat and whose answer must never be
/// handed to anyone else (the token endpoint), <see cref="ReturnsSecret"/> for an answer that carries a
/// secret: it is sent with Cache-Control: no-store and never stored, so a repeat gets "already applied".
/// </summary>
public static class IdempotencyRules
{
    public sealed class Exempt;

    public sealed class SecretResponse;

    public static TBuilder WithoutIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Exempt());

    public static TBuilder ReturnsSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretResponse());

    internal static bool IsExempt(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<Exempt>() is not null;

    internal static bool CarriesSecret(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is not null
        || http.Response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);

    /// <summary>A secret-bearing answer is never kept by a cache either, whatever the endpoint forgot to say.</summary>
    internal static void NoStoreIfSecret(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is null) return;
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Whose key it is: an authenticated client (issuer and subject); otherwise a hash of whatever credentials
    /// were presented (none, or ones that did not authenticate), and such a caller is not "identified".
    /// </summary>
    internal static (string Scope, bool Identified) ScopeOf(HttpContext http)
    {
        if (http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } subject })
            return ($"client {http.User.FindFirst("iss")?.Value} {subject} {http.Request.Path}", true);
        var presented = http.Request.Headers.Authorization.ToString();
        var who = presented.Length == 0 ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        return ($"anonymous {who} {http.Request.Path}", false);
    }

    /// <summary>The first answer was not kept (anonymous caller, or a secret in it): say that it took effect, and where.</summary>
    internal static Task AlreadyApplied(HttpContext http, string location)
    {
        var detail = CarriesSecret(http)
            ? "The first request with this Idempotency-Key took effect. Its answer carried a secret, which is shown only once and never stored: read the resource at Location (a lost secret is replaced by issuing a new credential and revoking this one)."
            : "The first request with this Idempotency-Key took effect. Answers to anonymous requests are not kept, so they cannot be handed to anyone else: read the resource at Location.";
        http.Response.Headers.CacheControl = "no-store";
        if (location.Length > 0) http.Response.Headers.Location = location;
        http.Response.StatusCode = 409;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 409,
                Title = "Request already applied",
                Detail = detail,
                Extensions = { ["location"] = location.Length > 0 ? location : null },
            },
        }).AsTask();
    }
}
