using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace Alliance.Hosting;

/// <summary>
/// Whose X-Forwarded-For and X-Forwarded-Proto a process believes: only its configured proxies'
/// (ForwardedHeaders:KnownProxies, addresses, and ForwardedHeaders:KnownNetworks, CIDR ranges; comma-separated
/// or as a list). Without configuration that is the loopback, as in ASP.NET Core, which is where the gateway
/// and the Portal run in a one-machine setup; the gateway, the edge, believes nobody unless configured
/// (loopbackByDefault: false). Anyone else's headers are ignored, so a client cannot pick its own address (a
/// fresh rate-limit bucket) or claim https. Linked into the gateway and the Portal as source, so the
/// rule is written once for every process.
/// </summary>
public static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions options, IConfiguration config, ForwardedHeaders headers, bool loopbackByDefault = true)
    {
        options.ForwardedHeaders = headers;
        var proxies = List(config, "ForwardedHeaders:KnownProxies");
        var networks = List(config, "ForwardedHeaders:KnownNetworks");
        if (proxies.Count == 0 && networks.Count == 0)
        {
            // Empty lists would mean "trust every proxy" to ASP.NET Core: believing nobody is turning the headers off.
            if (!loopbackByDefault) options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in networks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }

    private static List<string> List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var values = section.Value is { } flat ? flat.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
    }
}
