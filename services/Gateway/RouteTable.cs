using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Alliance.Gateway;

/// <summary>
/// Which service owns which first path segment under /api. A new resource segment is added here in the
/// same change that adds it to a service. The gateway strips /api and tells the service, through
/// X-Forwarded-Prefix, so that every link the service returns carries /api again.
/// </summary>
public static class RouteTable
{
    public static readonly IReadOnlyDictionary<string, string[]> SegmentsByService = new Dictionary<string, string[]>
    {
        ["Registry"] = ["members", "projects", "stats"],
        ["Governance"] = ["electorate", "committees", "ballots", "decisions", "decisions.atom", "rule-profiles", "oss-projects", "licence-checks", "licence-policy", "licence-exceptions", "contributor-agreements", "landscape", "people"],
        ["Compatibility"] = ["vendors", "standards", "products", "certifications", "matrix", "matrix.csv", "matrix.json", "badges", "evaluations"],
        ["Transparency"] = ["log"],
        ["Market"] = ["compute"],
        ["Notifications"] = ["webhooks"],
    };

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(IConfiguration config)
    {
        var routes = new List<RouteConfig>();
        foreach (var (service, segments) in SegmentsByService)
        {
            routes.AddRange(segments.Select(segment => new RouteConfig
            {
                RouteId = $"{service}-{segment}",
                ClusterId = service,
                Match = new RouteMatch { Path = $"/api/{segment}/{{**rest}}" },
            }
            .WithTransformPathRemovePrefix("/api")
            // YARP's own X-Forwarded-Prefix would carry the gateway's (empty) PathBase; ours names /api.
            .WithTransformXForwarded(xPrefix: ForwardedTransformActions.Off)
            .WithTransformRequestHeader("X-Forwarded-Prefix", "/api", append: false)));
            // Each service's OpenAPI document, /api/openapi/{service}.json, is served by ApiDocuments (rewritten for the gateway).
            // Each service's stored events for an audit against the transparency log (GET /events, public, read-only).
            routes.Add(new RouteConfig
            {
                RouteId = $"{service}-audit-events",
                ClusterId = service,
                Match = new RouteMatch { Path = AuditEventsPath(service), Methods = ["GET"] },
            }.WithTransformPathSet("/events"));
        }
        // The token issuer is reached at the root, as OAuth clients expect: /connect/token, /.well-known/….
        routes.AddRange(IssuerPrefixes.Select(prefix => prefix + "/{**rest}").Select((path, i) => new RouteConfig
        {
            RouteId = $"Registry-issuer-{i}",
            ClusterId = "Registry",
            Match = new RouteMatch { Path = path },
        }));
        var clusters = SegmentsByService.Keys.Select(service => Cluster(service, Addresses(config, service), "/health/ready")).ToList();
        // The Portal's pages take everything else at the root; /api, /connect and /.well-known are more specific and win.
        if (config[$"Services:{Portal}"] is { Length: > 0 } portal)
        {
            routes.Add(new RouteConfig { RouteId = Portal, ClusterId = Portal, Order = 1000, Match = new RouteMatch { Path = "/{**rest}" } }
                .WithTransformXForwarded());
            clusters.Add(Cluster(Portal, Addresses(config, Portal), "/health/live"));
        }
        return (routes, clusters);
    }

    public const string Portal = "Portal";

    /// <summary>Where the gateway serves a service's GET /events: /api/audit/{service}/events (alliance log audit --url).</summary>
    public static string AuditEventsPath(string service) => $"/api/audit/{service.ToLowerInvariant()}/events";

    /// <summary>The token issuer's paths (Registry's), routed at the gateway's root rather than under /api.</summary>
    public static readonly string[] IssuerPrefixes = ["/connect", "/.well-known"];

    /// <summary>Every process behind the gateway: the services, and the Portal when it is configured.</summary>
    public static IEnumerable<string> Processes(IConfiguration config) =>
        config[$"Services:{Portal}"] is { Length: > 0 } ? [.. SegmentsByService.Keys, Portal] : SegmentsByService.Keys;

    private static ClusterConfig Cluster(string id, IReadOnlyList<string> addresses, string healthPath) =>
        InstanceBalancing.Cluster(id, addresses, healthPath);

    /// <summary>The first instance of a service: where the gateway reads what is the same on every instance (its OpenAPI document).</summary>
    public static string Address(IConfiguration config, string service) => Addresses(config, service)[0];

    /// <summary>Every instance of a service: Services:{service} is one address or several separated by ',' or ';'.</summary>
    public static IReadOnlyList<string> Addresses(IConfiguration config, string service) =>
        config[$"Services:{service}"]?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } all
            ? all : throw new InvalidOperationException($"Services:{service} is not configured.");
}
