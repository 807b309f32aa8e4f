using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Ingest.Tests.Tls;

/// <summary>The backend's certificate and key files: a usable pair loads, every broken one stops the start with one line naming the setting and the file.</summary>
public sealed class PemFileTests : IDisposable
{
    private readonly TlsFolder _tls = new();
    private readonly TlsFolder _other = new();

    [Fact]
    public void A_certificate_and_its_key_load_as_one_certificate_with_a_private_key()
    {
        using var certificate = PemFiles.LoadServerCertificate(_tls.Files.ServerCertificate, _tls.Files.ServerKey, "Tls:CertificateFile", "Tls:KeyFile");
        Assert.True(certificate.HasPrivateKey);
        Assert.Contains("camerabeheer.test", certificate.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_certificate_file_is_named_with_its_setting()
    {
        var missing = Path.Combine(_tls.Path, "nope.crt");
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(missing, _tls.Files.ServerKey, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.Equal($"Tls:CertificateFile '{missing}': no such file (the certificate, PEM)", e.Message);
    }

    [Fact]
    public void A_missing_key_file_is_named_with_its_setting()
    {
        var missing = Path.Combine(_tls.Path, "nope.key");
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(_tls.Files.ServerCertificate, missing, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.StartsWith($"Tls:KeyFile '{missing}': no such file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_belongs_to_another_certificate_is_refused_naming_both_files()
    {
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(_tls.Files.ServerCertificate, _other.Files.ServerKey, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.StartsWith($"Tls:KeyFile '{_other.Files.ServerKey}' is not the private key of the certificate in Tls:CertificateFile '{_tls.Files.ServerCertificate}'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_certificate_file_without_pem_is_refused()
    {
        var garbage = _tls.Write("garbage.crt", "this is not a certificate\n");
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(garbage, _tls.Files.ServerKey, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.StartsWith($"Tls:CertificateFile '{garbage}' holds no PEM certificate", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_key_file_holding_a_certificate_instead_of_a_key_is_refused()
    {
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(_tls.Files.ServerCertificate, _tls.Files.ServerCertificate, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.StartsWith($"Tls:KeyFile '{_tls.Files.ServerCertificate}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_instead_of_a_file_is_refused()
    {
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadCertificateAuthority(_tls.Path, "Mqtt:CaFile"));
        Assert.Equal($"Mqtt:CaFile '{_tls.Path}' is a folder, not a CA certificate file", e.Message);
    }

    [Fact]
    public void A_ca_file_without_a_certificate_is_refused()
    {
        var empty = _tls.Write("empty.crt", "# nothing here\n");
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadCertificateAuthority(empty, "Mqtt:CaFile"));
        Assert.Equal($"Mqtt:CaFile '{empty}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)", e.Message);
    }

    [Fact]
    public void A_key_path_that_cannot_be_read_as_a_file_is_named_in_one_line()
    {
        // A folder where the key should be: unreadable as a file for every user, root included (file modes are not).
        var folder = Path.Combine(Path.GetDirectoryName(_tls.Files.ServerKey)!, "key-is-a-folder");
        Directory.CreateDirectory(folder);
        var e = Assert.Throws<TlsFileException>(() => PemFiles.LoadServerCertificate(_tls.Files.ServerCertificate, folder, "Tls:CertificateFile", "Tls:KeyFile"));
        Assert.StartsWith($"Tls:KeyFile '{folder}'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    public void Dispose()
    {
        _tls.Dispose();
        _other.Dispose();
    }
}
