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
        var trust = TrustOfTheCaFile();
        using var server = ServerCertificateOf(_tls);
        // The system store does not know the CA: the TLS stack reports a chain error, which the custom root replaces.
        Assert.True(trust.IsTrusted(server, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_server_certificate_of_another_ca_is_refused()
    {
        var trust = TrustOfTheCaFile();
        using var stranger = ServerCertificateOf(_other);
        Assert.False(trust.IsTrusted(stranger, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_certificate_for_another_name_is_refused_even_from_the_trusted_ca()
    {
        var trust = TrustOfTheCaFile();
        using var server = ServerCertificateOf(_tls);
        Assert.False(trust.IsTrusted(server, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(trust.IsTrusted(null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    [Fact]
    public void A_certificate_the_system_trusts_is_still_refused_when_it_is_not_of_the_ca()
    {
        // No errors from the TLS stack means the system store trusted it (a public CA): the CA file is the only root.
        var trust = TrustOfTheCaFile();
        using var stranger = ServerCertificateOf(_other);
        Assert.False(trust.IsTrusted(stranger, SslPolicyErrors.None));
    }

    /// <summary>What a client given <c>--ca-file</c> with this test's CA trusts.</summary>
    private CertificateAuthorityTrust TrustOfTheCaFile() => CertificateAuthorityTrust.FromFile(_tls.Files.CaCertificate, "--ca-file");

    private static X509Certificate2 ServerCertificateOf(TlsFolder ca) => X509Certificate2.CreateFromPem(File.ReadAllText(ca.Files.ServerCertificate));

    public void Dispose()
    {
        _tls.Dispose();
        _other.Dispose();
    }
}
