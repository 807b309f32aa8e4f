using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CameraBeheer.Contracts.Tls;

/// <summary>
/// Trusts a server certificate only when it chains to one of the given CA certificates (a site's own CA, or the test
/// CA of <c>camerabeheer dev-certs</c>), with those as the only roots: the system store is not consulted, so a
/// certificate from any public CA is refused. The host name is still checked by the TLS stack. Validation is never
/// switched off.
/// </summary>
public sealed class CertificateAuthorityTrust(X509Certificate2Collection authorities)
{
    /// <summary>Reads the CA file; throws <see cref="TlsFileException"/> naming <paramref name="setting"/> when it cannot be used.</summary>
    public static CertificateAuthorityTrust FromFile(string caFile, string setting) => new(PemFiles.LoadCertificateAuthority(caFile, setting));

    public X509Certificate2Collection Authorities { get; } = authorities;

    /// <summary>For <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</summary>
    public bool Validate(object? sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => IsTrusted(certificate, errors);

    /// <summary>
    /// True when the certificate is there, its name matched (the TLS stack checked it against the host asked for), and it
    /// chains to one of <see cref="Authorities"/>. Chain errors from the system store are ignored: the chain is built again
    /// with a custom root trust.
    /// </summary>
    public bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null) return false;
        if ((errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        // A private CA publishes no revocation list; the CA file itself is what the operator revokes by replacing it.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")); // serverAuth
        if (certificate is X509Certificate2 full) return chain.Build(full);
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}
