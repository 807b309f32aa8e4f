using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Ingest.Tests.Tls;

/// <summary>A CA file is the only root a client trusts: its own server certificates pass, any other is refused.</summary>
public sealed class CertificateTrustTests : IDisposable
{
    private readonly TlsFolder _tls = new();
    private readonly TlsFolder _other = new();

    [Fact]
    public void A_server_certificate_of_the_ca_is_trusted()
    {
        var trust = CertificateAuthorityTrust.FromFile(_tls.Files.CaCertificate, "--ca-file");
        using var server = X509Certificate2.CreateFromPem(File.ReadAllText(_tls.Files.ServerCertificate));
        // The system store does not know the CA: the TLS stack reports a chain error, which the custom root replaces.
        Assert.True(trust.IsTrusted(server, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_server_certificate_of_another_ca_is_refused()
    {
        var trust = CertificateAuthorityTrust.FromFile(_tls.Files.CaCertificate, "--ca-file");
        using var stranger = X509Certificate2.CreateFromPem(File.ReadAllText(_other.Files.ServerCertificate));
        Assert.False(trust.IsTrusted(stranger, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_for_another_name_is_refused_even_from_the_trusted_ca()
    {
        var trust = CertificateAuthorityTrust.FromFile(_tls.Files.CaCertificate, "--ca-file");
        using var server = X509Certificate2.CreateFromPem(File.ReadAllText(_tls.Files.ServerCertificate));
        Assert.False(trust.IsTrusted(server, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(trust.IsTrusted(null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void A_certificate_the_system_trusts_is_still_refused_when_it_is_not_of_the_ca()
    {
        // No errors from the TLS stack means the system store trusted it (a public CA): the CA file is the only root.
        var trust = CertificateAuthorityTrust.FromFile(_tls.Files.CaCertificate, "--ca-file");
        using var stranger = X509Certificate2.CreateFromPem(File.ReadAllText(_other.Files.ServerCertificate));
        Assert.False(trust.IsTrusted(stranger, SslPolicyErrors.None));
    }

    public void Dispose()
    {
        _tls.Dispose();
        _other.Dispose();
    }
}
