using System.Net;
using System.Net.Sockets;

namespace Blog.ServiceDefaults.Outbound;

/// <summary>
/// Which addresses the platform may call on a user's or a remote server's word (a webhook receiver, a
/// fediverse server). Without this it could be made to call its own databases or a cloud metadata
/// endpoint (SSRF): loopback, private, link-local, shared and multicast ranges are refused unless
/// configuration allows a network.
/// </summary>
public sealed class TargetAddressPolicy
{
    static readonly IPNetwork[] Forbidden =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"), IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("64:ff9b::/96"),
    ];

    readonly IPNetwork[] allowed;

    public TargetAddressPolicy(IEnumerable<string> allowedNetworks) =>
        allowed = allowedNetworks.Select(IPNetwork.Parse).ToArray();

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (allowed.Any(network => network.Contains(address))) return true;
        return !Forbidden.Any(network => network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address));
    }

    /// <summary>The addresses a host stands for: itself when it is an address, else what DNS says now.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>
    /// Null when `url` may be called; otherwise why not. Resolves the host name: every address
    /// it has must be allowed (the sender checks again when it connects, against DNS rebinding).
    /// </summary>
    public async Task<string?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute http or https URL";
        if (uri.UserInfo.Length > 0) return "must not contain a user name or password";
        if (url!.Length > 2000) return "is too long (maximum is 2000 characters)";

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return $"host '{uri.Host}' cannot be resolved";
        }
        if (addresses.Length == 0) return $"host '{uri.Host}' cannot be resolved";
        return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused
            ? $"points to a private, loopback or link-local address ({refused}), which may not be called"
            : null;
    }
}
