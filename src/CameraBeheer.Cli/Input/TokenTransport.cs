using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Cli.Input;

/// <summary>
/// A token is a key to the facility's cameras: over plain http:// it may only go to this machine (the embedded default
/// on 127.0.0.1), never across a network where anyone on the path could read and reuse it.
/// </summary>
internal static class TokenTransport
{
    /// <summary>Why the token must not be sent to <paramref name="server"/>; null when it may.</summary>
    public static string? Problem(Uri server) =>
        server.Scheme == Uri.UriSchemeHttp && !LoopbackAddresses.IsLoopback(server.Host)
            ? $"refusing to send the token over plain http:// to {server.Host}, which is not this machine: use https://{server.Authority} " +
              "(the server serves TLS with Tls:CertificateFile and Tls:KeyFile; --ca-file trusts a test CA)"
            : null;
}
