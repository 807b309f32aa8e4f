using System.Security.Cryptography.X509Certificates;

namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// The certificate (with its key) the backend serves TLS with, on gRPC and on the embedded MQTT broker; no certificate
/// means plaintext, which the host allows on loopback only.
/// </summary>
public sealed record ServerCertificate(X509Certificate2? Certificate)
{
    public static ServerCertificate None { get; } = new((X509Certificate2?)null);

    public bool Enabled => Certificate is not null;
}
