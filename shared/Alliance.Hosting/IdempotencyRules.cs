using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
}
