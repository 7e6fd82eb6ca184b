using System.Net;
using System.Net.Sockets;

namespace Communique.Ingest.Web;

/// <summary>
/// Refuses connections to addresses a crawler must not reach on a user's behalf: loopback, private, link-local,
/// carrier-grade NAT, unspecified, multicast and cloud metadata addresses. It is applied to the resolved
/// address of every connection (so DNS answers and every redirect are checked); an explicit allow-list of
/// addresses or networks opens them (the tests allow 127.0.0.1).
/// </summary>
public sealed class AddressGuard
{
    private readonly IReadOnlyList<(IPAddress Network, int PrefixLength)> _allowed;

    /// <summary>Creates a guard that allows the listed addresses or CIDR networks ("127.0.0.1", "10.1.0.0/16").</summary>
    public AddressGuard(IEnumerable<string>? allowed = null) =>
        _allowed = [.. (allowed ?? []).Select(ParseNetwork)];

    /// <summary>Whether a connection to <paramref name="address"/> is allowed.</summary>
    public bool IsAllowed(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_allowed.Any(n => InNetwork(address, n.Network, n.PrefixLength)))
        {
            return true;
        }

        return !IsSpecial(address);
    }

    /// <summary>Loopback, private, link-local (incl. cloud metadata 169.254.169.254), CGNAT, unspecified, multicast, documentation ranges.</summary>
    public static bool IsSpecial(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] is >= 64 and <= 127, // carrier-grade NAT
                169 => b[1] == 254, // link-local, cloud metadata
                172 => b[1] is >= 16 and <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2), // private; IETF and documentation
                198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),
                203 => b[1] == 0 && b[2] == 113,
                >= 224 => true, // multicast and reserved
                _ => false,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xfe) == 0xfc // unique local, incl. fd00:ec2::254
                   || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8); // documentation
        }

        return true;
    }

    private static (IPAddress, int) ParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return (address, slash < 0 ? bits : int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xff : (byte)(0xff << (8 - prefix));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
