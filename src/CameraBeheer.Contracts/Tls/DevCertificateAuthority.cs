using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// A local certificate authority for testing and for a site without its own PKI: an ECDSA P-256 CA and server
/// certificates signed by it, made with <see cref="CertificateRequest"/>. P-256 with SHA-256 is accepted by Kestrel,
/// MQTTnet and Mosquitto (OpenSSL) alike. <c>camerabeheer dev-certs</c> and the tests make their certificates here.
/// </summary>
public sealed class DevCertificateAuthority : IDisposable
{
    /// <summary>Names every server certificate carries, so the same files work on the machine itself.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["localhost", "127.0.0.1", "::1"];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);
    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(2 * 365);
    // Below the 398 days clients such as browsers accept for a server certificate.
    private static readonly TimeSpan ServerValidity = TimeSpan.FromDays(397);

    private DevCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new CA, valid from an hour before <paramref name="now"/> (clock skew) for two years.</summary>
    public static DevCertificateAuthority Create(DateTimeOffset now, string name = "CameraBeheer test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(name)}, O=CameraBeheer"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return new DevCertificateAuthority(request.CreateSelfSigned(now - ClockSkew, now + CaValidity));
    }

    /// <summary>A server certificate for <see cref="LoopbackNames"/> and <paramref name="hosts"/> (names or IP addresses), with its private key.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> hosts, DateTimeOffset now)
    {
        var names = LoopbackNames.Concat(hosts).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var commonName = names.Count > LoopbackNames.Count ? names[LoopbackNames.Count] : "localhost";
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(commonName)}, O=CameraBeheer"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address)) san.AddIpAddress(address);
            else san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notAfter = now + ServerValidity < Certificate.NotAfter ? now + ServerValidity : new DateTimeOffset(Certificate.NotAfter);
        using var issued = request.Create(Certificate, now - ClockSkew, notAfter, RandomSerial());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate as PEM (<c>-----BEGIN CERTIFICATE-----</c>).</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>), which OpenSSL reads.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA private key");
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    public void Dispose() => Certificate.Dispose();

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive, as RFC 5280 asks
        return serial;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
}
