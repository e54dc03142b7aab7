using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Agora.Platform.HumanCheck;

/// <summary>The network a request comes from, as rate limits and difficulty see it: the /24 of an IPv4 address and the
/// /48 of an IPv6 address (a household or a small site gets a whole /48, so a /64 or a single address would let one
/// machine rotate through millions of identities).</summary>
public static class NetworkPrefix
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24");
        }
        Array.Clear(bytes, 6, bytes.Length - 6);
        return new IPAddress(bytes) + "/48";
    }
}
