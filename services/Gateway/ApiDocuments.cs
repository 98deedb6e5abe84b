using System.Text.Json.Nodes;
using Scalar.AspNetCore;

namespace Alliance.Gateway;

/// <summary>
/// /api/openapi/{service}.json: each service's OpenAPI document as a client of the gateway must read it. The service
/// writes it for the gateway's address (X-Forwarded-*: server {origin}/api, the issuer at {origin}/connect/token);
/// the gateway keeps only the operations its route table sends to that service, and gives the issuer's operations,
/// routed at the root, a server of their own. /api/reference is a browsable reference of all three (Scalar).
/// </summary>
public static class ApiDocuments
{
    public static void MapApiDocuments(this WebApplication app)
    {
        app.MapGet("/api/openapi/{name}.json", async (string name, IHttpClientFactory factory, HttpContext http) =>
        {
            var service = RouteTable.SegmentsByService.Keys.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (service is null) return Results.Problem(statusCode: 404, title: "Not found", detail: $"No OpenAPI document named '{name}'.");
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{RouteTable.Address(app.Configuration, service)}/openapi/v1.json");
            request.Headers.Add("X-Forwarded-Host", http.Request.Host.ToString());
            request.Headers.Add("X-Forwarded-Proto", http.Request.Scheme);
            request.Headers.Add("X-Forwarded-Prefix", "/api");
            string text;
            try
            {
                using var response = await factory.CreateClient(nameof(ApiDocuments)).SendAsync(request, http.RequestAborted);
                response.EnsureSuccessStatusCode();
                text = await response.Content.ReadAsStringAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return Results.Problem(statusCode: 503, title: "Service unavailable", detail: $"{service} did not serve its OpenAPI document.");
            }
            var document = JsonNode.Parse(text)!.AsObject();
            Route(document, service, $"{http.Request.Scheme}://{http.Request.Host}");
            return Results.Text(document.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
        }).ExcludeFromDescription();

        // The documents by absolute URL: the reference page lives under /api/reference/ and resolves relative ones against it.
        app.MapScalarApiReference("/api/reference", (o, http) =>
        {
            o.WithTitle("Alliance API reference");
            foreach (var service in RouteTable.SegmentsByService.Keys)
                o.AddDocument(service.ToLowerInvariant(), service, $"{http.Request.Scheme}://{http.Request.Host}/api/openapi/{service.ToLowerInvariant()}.json");
        });
    }

    /// <summary>Drops the paths the gateway does not route to the service; the issuer's root paths name the gateway's root as their server.</summary>
    public static void Route(JsonObject document, string service, string origin)
    {
        if (document["paths"] is not JsonObject paths) return;
        var segments = RouteTable.SegmentsByService[service];
        foreach (var (path, item) in paths.ToList())
        {
            var first = path.TrimStart('/').Split('/')[0];
            if (segments.Contains(first)) continue;
            if (service == "Registry" && RouteTable.IssuerPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)) && item is JsonObject operations)
                operations["servers"] = new JsonArray(new JsonObject { ["url"] = origin });
            else
                paths.Remove(path);
        }
    }
}
