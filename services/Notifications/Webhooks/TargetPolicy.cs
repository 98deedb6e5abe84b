using System.Net;
using System.Net.Sockets;

namespace Alliance.Notifications.Webhooks;

/// <summary>
/// Where a webhook may point (SSRF defence). A target is an https URL (http only to the loopback, and the loopback only
/// when Webhooks:AllowLoopback is set, which the service accepts only in Development or Testing) whose every address is
/// public: never private (RFC 1918, CGNAT, unique-local), loopback, link-local (169.254/16: cloud metadata), unspecified or
/// multicast. Checked when the webhook is registered and again at every send, on the addresses the connection actually
/// uses (ConnectCallback), so a name that later resolves to 127.0.0.1 (DNS rebinding) reaches nothing.
/// </summary>
public sealed class TargetPolicy(bool allowLoopback)
{
    public bool AllowLoopback { get; } = allowLoopback;

    /// <summary>Why this URL is refused, or null: its form first, then every address its host resolves to now.</summary>
    public async Task<string?> Refusal(string? url, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            return "'url' must be an absolute https URL.";
        if (uri.UserInfo.Length > 0) return "'url' must not carry user-info.";
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return "'url' must be an https URL.";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
        }
        catch (SocketException)
        {
            return $"'url': the host {uri.Host} does not resolve.";
        }
        if (addresses.Length == 0) return $"'url': the host {uri.Host} does not resolve.";
        if (addresses.FirstOrDefault(a => !Allowed(a)) is { } refused) return $"'url': {uri.Host} resolves to {refused}, a {Kind(refused)} address; webhooks go to public addresses only.";
        if (uri.Scheme == Uri.UriSchemeHttp && !addresses.All(IPAddress.IsLoopback)) return "'url' must be an https URL (http is accepted for the loopback in development only).";
        return null;
    }

    public bool Allowed(IPAddress address) => Kind(address) is var kind && (kind == "public" || (kind == "loopback" && AllowLoopback));

    public static string Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return "loopback";
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return "link-local";
            if (address.IsIPv6Multicast) return "multicast";
            if (address.Equals(IPAddress.IPv6Any)) return "unspecified";
            var b = address.GetAddressBytes();
            if ((b[0] & 0xfe) == 0xfc) return "private"; // fc00::/7 unique-local
            return "public";
        }
        var v = address.GetAddressBytes();
        return v switch
        {
            [0, ..] => "unspecified",
            [10, ..] => "private",
            [172, >= 16 and <= 31, ..] => "private",
            [192, 168, ..] => "private",
            [100, >= 64 and <= 127, ..] => "private", // carrier-grade NAT
            [169, 254, ..] => "link-local",
            [>= 224, ..] => "multicast",
            _ => "public",
        };
    }

    /// <summary>The sending handler: no redirects followed, no proxy, and only allowed addresses connected to.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(Allowed).ToList();
            if (allowed.Count == 0 || allowed.Count < addresses.Length)
                throw new HttpRequestException($"refused: {host} resolves to {string.Join(", ", addresses.Where(a => !Allowed(a)).Select(a => $"{a} ({Kind(a)})"))}");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed.ToArray(), context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
