using System.Security.Cryptography;

namespace CameraBeheer.Exports.Tests;

/// <summary>The export signing key: created owner-only on first start, the same key on the next, bad files refused by name.</summary>
public sealed class EvidenceSignerTests : IDisposable
{
    private readonly string _data = Path.Combine(TestFootage.Root, "keys-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void The_signing_key_is_created_owner_only_and_reloaded_on_the_next_start()
    {
        string fingerprint;
        using (var first = EvidenceSigner.LoadOrCreate(null, _data))
        {
            fingerprint = first.Fingerprint;
            Assert.Equal(EvidenceSigner.DefaultPathIn(_data), first.KeyFile);
        }

        var path = EvidenceSigner.DefaultPathIn(_data);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        using var second = EvidenceSigner.LoadOrCreate(null, _data);
        Assert.Equal(fingerprint, second.Fingerprint);
    }

    [Fact]
    public void The_fingerprint_is_the_sha256_of_the_public_key_der_and_the_pem_is_subject_public_key_info()
    {
        using var signer = EvidenceSigner.LoadOrCreate(null, _data);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", signer.PublicKeyPem, StringComparison.Ordinal);
        var der = PemEncoding.Find(signer.PublicKeyPem);
        var spki = Convert.FromBase64String(signer.PublicKeyPem[der.Base64Data]);
        Assert.Equal("SHA256:" + Convert.ToHexStringLower(SHA256.HashData(spki)), signer.Fingerprint);
        Assert.Equal(signer.Fingerprint, EvidenceKeys.FingerprintOfPem(signer.PublicKeyPem));
    }

    [Fact]
    public void A_signature_is_der_ecdsa_p256_over_sha256_that_the_public_key_verifies()
    {
        using var signer = EvidenceSigner.LoadOrCreate(null, _data);
        var data = "e3b0c442  cam-01.mp4\n"u8.ToArray();

        var signature = signer.Sign(data);

        Assert.Equal(0x30, signature[0]); // a DER SEQUENCE, not the 64-byte IEEE P1363 form
        using var key = EvidenceKeys.ImportPublicKey(signer.PublicKeyPem);
        Assert.True(EvidenceKeys.Verify(key, data, signature));
        Assert.False(EvidenceKeys.Verify(key, [.. data, 0], signature));
    }

    [Fact]
    public void A_configured_key_file_is_used_instead_of_the_data_folder()
    {
        Directory.CreateDirectory(_data);
        var configured = Path.Combine(_data, "configured.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            File.WriteAllText(configured, key.ExportECPrivateKeyPem());

        using var signer = EvidenceSigner.LoadOrCreate(configured, _data);

        Assert.Equal(configured, signer.KeyFile);
        Assert.False(File.Exists(EvidenceSigner.DefaultPathIn(_data)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("public-only")]
    [InlineData("other-curve")]
    [InlineData("rsa")]
    public void A_bad_key_file_stops_with_a_message_naming_the_file(string kind)
    {
        var path = EvidenceSigner.DefaultPathIn(_data);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, kind switch
        {
            "garbage" => "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
            "public-only" => ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem(),
            "other-curve" => ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportPkcs8PrivateKeyPem(),
            _ => RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
        });

        var failure = Assert.Throws<InvalidOperationException>(() => EvidenceSigner.LoadOrCreate(null, _data));

        Assert.Contains(path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("P-256", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_key_file_that_does_not_exist_stops_with_the_setting_named()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => EvidenceSigner.LoadOrCreate(Path.Combine(_data, "missing.pem"), _data));

        Assert.Contains("Exports:SigningKeyFile", failure.Message, StringComparison.Ordinal);
        Assert.Contains("missing.pem", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
