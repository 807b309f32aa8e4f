using System.Net;

namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// The rule "plaintext only on loopback": what counts as this machine. <c>0.0.0.0</c> and <c>::</c> (every interface)
/// and any LAN address do not.
/// </summary>
public static class LoopbackAddresses
{
    /// <summary>True for 127.0.0.0/8, ::1 (also as IPv4-mapped) and the name <c>localhost</c>.</summary>
    public static bool IsLoopback(string host)
    {
        var bare = host.Trim().TrimStart('[').TrimEnd(']');
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(bare, out var address) && IsLoopback(address);
    }

    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>
    /// The one line that stops a start when a listener would serve plaintext beyond this machine; null when the bind is
    /// allowed (loopback, or TLS configured).
    /// </summary>
    /// <param name="what">What listens, e.g. "gRPC" or "the embedded MQTT broker".</param>
    /// <param name="bindSetting">The setting that chose the address, e.g. <c>Grpc:BindAddress</c>.</param>
    public static string? PlaintextBindProblem(string what, string bindSetting, IPAddress address, bool tls) =>
        tls || IsLoopback(address)
            ? null
            : $"{bindSetting} {address} would serve {what} without TLS beyond this machine; plaintext is allowed only on loopback (127.0.0.1): "
              + "set Tls:CertificateFile and Tls:KeyFile (PEM; camerabeheer dev-certs makes test ones), or bind to 127.0.0.1";
}
